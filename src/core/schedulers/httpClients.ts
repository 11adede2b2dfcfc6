/**
 * The HTTP requests a shell command makes with curl, wget or HTTPie (`http`, `https`): the URL
 * arguments, the header arguments, and whether the command authenticates some other way (a
 * user and password, a netrc or config file, a session, headers read from a file), in which case
 * what it sends cannot be told from the words. Options are read as each tool's manual has them;
 * an option this module does not know is taken to have no argument, so at worst a word is
 * offered as a URL that resolves to no route.
 */
import { literalWord, type ShellCommand, type ShellWord, type WordPart } from './shellCommands';

export type HttpTool = 'curl' | 'wget' | 'httpie';

export interface HttpRequest {
  tool: HttpTool;
  /** The tool's name as written: the fix inserts the header after it. */
  commandWord: ShellWord;
  urls: ShellWord[];
  /** Each header argument's value parts (curl `--oauth2-bearer` as `Authorization: Bearer …`), with its word. */
  headers: { word: ShellWord; parts: WordPart[] | undefined }[];
  /** What else may authenticate the request: set, nothing about its Authorization header can be told. */
  otherAuth: string | undefined;
  /** `NAME=value` words before the command: the command's own environment. */
  assignments: { name: string; parts: WordPart[] | undefined }[];
}

/** Words that may stand before the command they run. */
const PREFIXES = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'timeout']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

const CURL_SHORT_WITH_ARGUMENT = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz');
const CURL_LONG_WITH_ARGUMENT = new Set([
  'header', 'url', 'request', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'data-ascii', 'json', 'form', 'form-string', 'user', 'user-agent',
  'output', 'max-time', 'connect-timeout', 'retry', 'retry-delay', 'retry-max-time', 'write-out', 'cookie', 'cookie-jar', 'referer', 'proxy',
  'cert', 'key', 'cacert', 'oauth2-bearer', 'config', 'resolve', 'connect-to', 'dump-header', 'upload-file', 'range', 'variable', 'aws-sigv4',
  'max-filesize', 'limit-rate', 'interface', 'dns-servers', 'netrc-file', 'proxy-user', 'stderr', 'trace', 'trace-ascii', 'expand-url',
  'expand-header', 'expand-data', 'expand-json', 'output-dir', 'cert-type', 'key-type', 'pass', 'time-cond', 'speed-limit', 'speed-time',
  'continue-at', 'url-query', 'etag-save', 'etag-compare', 'header-file',
]);
/** curl options that send credentials or headers from elsewhere. */
const CURL_OTHER_AUTH = new Set(['user', 'netrc', 'netrc-file', 'netrc-optional', 'config', 'variable', 'aws-sigv4', 'negotiate', 'ntlm', 'digest', 'anyauth', 'proxy-user', 'cert', 'u', 'n', 'K']);

const WGET_SHORT_WITH_ARGUMENT = new Set('OoaeiBtTwPUQlARDIX');
const WGET_LONG_WITH_ARGUMENT = new Set([
  'header', 'output-document', 'user-agent', 'post-data', 'post-file', 'method', 'body-data', 'body-file', 'timeout', 'tries', 'wait', 'output-file',
  'append-output', 'execute', 'input-file', 'user', 'password', 'http-user', 'http-password', 'load-cookies', 'save-cookies', 'directory-prefix',
  'bind-address', 'ca-certificate', 'certificate', 'private-key', 'limit-rate', 'level', 'read-timeout', 'connect-timeout', 'dns-timeout', 'referer', 'config',
]);
const WGET_OTHER_AUTH = new Set(['user', 'password', 'http-user', 'http-password', 'ask-password', 'execute', 'config', 'use-askpass', 'certificate', 'e']);

const HTTPIE_SHORT_WITH_ARGUMENT = new Set('aAopsP');
const HTTPIE_LONG_WITH_ARGUMENT = new Set([
  'auth', 'auth-type', 'session', 'session-read-only', 'output', 'timeout', 'verify', 'cert', 'cert-key', 'cert-key-pass', 'proxy', 'max-redirects', 'print',
  'pretty', 'style', 'format-options', 'response-charset', 'response-mime', 'boundary', 'raw', 'max-headers', 'ssl', 'ciphers', 'default-scheme', 'history-print',
]);
const HTTPIE_OTHER_AUTH = new Set(['auth', 'auth-type', 'session', 'session-read-only', 'cert', 'a', 'A']);
const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i;

const TOOLS: Record<string, HttpTool> = { curl: 'curl', wget: 'wget', http: 'httpie', https: 'httpie' };

/** The request a command makes, when it runs curl, wget or HTTPie. */
export function httpRequestOf(command: ShellCommand): HttpRequest | undefined {
  const { words } = command;
  const assignments: HttpRequest['assignments'] = [];
  let at = 0;
  for (; at < words.length; at++) {
    const word = words[at]!;
    const assignment = ASSIGNMENT.exec(word.raw);
    if (assignment) {
      assignments.push({ name: assignment[1]!, parts: word.parts && dropPrefix(word.parts, assignment[0].length) });
      continue;
    }
    const literal = literalWord(word);
    if (literal === undefined || !PREFIXES.has(literal)) break;
    // `timeout 30s curl …`, `env -i curl …`: their options and durations are no command.
    while (at + 1 < words.length && /^(-\S*|\d+(\.\d+)?[smhd]?)$/.test(literalWord(words[at + 1]!) ?? '')) at++;
  }
  const commandWord = words[at];
  const name = commandWord && literalWord(commandWord);
  const tool = name === undefined ? undefined : TOOLS[name.slice(name.lastIndexOf('/') + 1)];
  if (!commandWord || !tool) return undefined;
  const request: HttpRequest = { tool, commandWord, urls: [], headers: [], otherAuth: undefined, assignments };
  const args = words.slice(at + 1);
  if (tool === 'curl') readOptions(args, request, { short: CURL_SHORT_WITH_ARGUMENT, long: CURL_LONG_WITH_ARGUMENT, otherAuth: CURL_OTHER_AUTH }, curlOption);
  else if (tool === 'wget') readOptions(args, request, { short: WGET_SHORT_WITH_ARGUMENT, long: WGET_LONG_WITH_ARGUMENT, otherAuth: WGET_OTHER_AUTH }, wgetOption);
  else readHttpie(args, request);
  return request;
}

/** The parts of a word's value after its first `length` characters of literal text (`NAME=`, `--header=`). */
function dropPrefix(parts: WordPart[], length: number): WordPart[] | undefined {
  const first = parts[0];
  if (first?.kind !== 'text' || first.text.length < length) return undefined;
  const rest = first.text.slice(length);
  return rest ? [{ kind: 'text', text: rest }, ...parts.slice(1)] : parts.slice(1);
}

interface OptionTable {
  short: ReadonlySet<string>;
  long: ReadonlySet<string>;
  otherAuth: ReadonlySet<string>;
}

/** An option and its argument (the word after it, or what follows `=` or the letter). */
type OptionHandler = (request: HttpRequest, option: string, argument: { word: ShellWord; parts: WordPart[] | undefined } | undefined) => void;

function curlOption(request: HttpRequest, option: string, argument: { word: ShellWord; parts: WordPart[] | undefined } | undefined): void {
  if (!argument) return;
  if (option === 'H' || option === 'header') {
    // `-H @file` reads the headers from a file.
    if (argument.parts?.[0]?.kind === 'text' && argument.parts[0].text.startsWith('@')) request.otherAuth = `${argument.word.raw} reads headers from a file`;
    else request.headers.push(argument);
  } else if (option === 'oauth2-bearer') {
    request.headers.push({ word: argument.word, parts: argument.parts && [{ kind: 'text', text: 'Authorization: Bearer ' }, ...argument.parts] });
  } else if (option === 'url') request.urls.push(argument.word);
}

function wgetOption(request: HttpRequest, option: string, argument: { word: ShellWord; parts: WordPart[] | undefined } | undefined): void {
  if (argument && option === 'header') request.headers.push(argument);
}

/** Reads the words after the command: options with their arguments, and the URL operands. */
function readOptions(args: ShellWord[], request: HttpRequest, table: OptionTable, handle: OptionHandler): void {
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const literal = optionText(word);
    if (literal?.startsWith('--') && literal.length > 2) {
      const equals = literal.indexOf('=');
      const option = literal.slice(2, equals < 0 ? undefined : equals);
      if (table.otherAuth.has(option)) request.otherAuth ??= `${literal} authenticates the request`;
      if (equals >= 0) handle(request, option, { word, parts: word.parts && dropPrefix(word.parts, equals + 1) });
      else if (table.long.has(option)) {
        const next = args[++i];
        handle(request, option, next && { word: next, parts: next.parts });
      } else handle(request, option, undefined);
      continue;
    }
    if (literal?.startsWith('-') && literal.length > 1) {
      // A cluster of short options (`-fsSH`): the first that takes an argument takes the rest of the word, or the next word.
      for (let c = 1; c < literal.length; c++) {
        const letter = literal[c]!;
        if (table.otherAuth.has(letter)) request.otherAuth ??= `-${letter} authenticates the request`;
        if (!table.short.has(letter)) continue;
        if (c + 1 < literal.length) handle(request, letter, { word, parts: word.parts && dropPrefix(word.parts, c + 1) });
        else {
          const next = args[++i];
          handle(request, letter, next && { word: next, parts: next.parts });
        }
        break;
      }
      continue;
    }
    request.urls.push(word);
  }
}

/** The leading literal text of a word that may be an option (`-H"…"` starts with `-H`). */
function optionText(word: ShellWord): string | undefined {
  const first = word.parts?.[0];
  if (first?.kind !== 'text' || !first.text.startsWith('-')) return undefined;
  return first.text;
}

/** `http [flags] [METHOD] URL [ITEM …]`: headers are `Name:value` items. */
function readHttpie(args: ShellWord[], request: HttpRequest): void {
  const scan = { ...request, urls: [] as ShellWord[] };
  readOptions(args, scan, { short: HTTPIE_SHORT_WITH_ARGUMENT, long: HTTPIE_LONG_WITH_ARGUMENT, otherAuth: HTTPIE_OTHER_AUTH }, () => {});
  request.otherAuth = scan.otherAuth;
  const positional = scan.urls;
  let urlAt = 0;
  if (positional.length > 1 && HTTP_METHOD.test(literalWord(positional[0]!) ?? '')) urlAt = 1;
  const url = positional[urlAt];
  if (!url) return;
  request.urls.push(url);
  for (const item of positional.slice(urlAt + 1)) {
    const header = httpieHeader(item);
    if (header === 'file') request.otherAuth ??= `${item.raw} reads a header from a file`;
    else if (header) request.headers.push(header);
  }
}

/** An HTTPie item that is a header (`Name:value`, `Name;`), with its value as `Name: value`; 'file' for `Name:@file`. */
function httpieHeader(item: ShellWord): { word: ShellWord; parts: WordPart[] | undefined } | 'file' | undefined {
  const first = item.parts?.[0];
  if (!item.parts || first?.kind !== 'text') return undefined;
  // The item's separator is the first of HTTPie's: `==`, `=`, `:=`, `@` are data, query and file items.
  const separator = /:=@|=@|:=|==|=|@|:|;/.exec(first.text);
  if (!separator || (separator[0] !== ':' && separator[0] !== ';')) return undefined;
  const name = first.text.slice(0, separator.index);
  if (!/^[A-Za-z0-9-]+$/.test(name)) return undefined;
  const rest = first.text.slice(separator.index + 1);
  if (separator[0] === ':' && rest.startsWith('@')) return 'file';
  const value: WordPart[] = separator[0] === ';' ? [] : [...(rest ? [{ kind: 'text' as const, text: rest }] : []), ...item.parts.slice(1)];
  return { word: item, parts: [{ kind: 'text', text: `${name}: ` }, ...value] };
}
