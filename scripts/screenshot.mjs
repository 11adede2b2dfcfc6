#!/usr/bin/env node
// `npm run screenshot`: takes images/hover.png for the README from the real
// editor. It installs the packaged extension into code-server, opens a fresh
// copy of examples/demo-app, opens vercel.json with Ctrl+P as a person would, rests
// the mouse on the first "schedule" value and waits for the hover.
//
//   npm run screenshot -- <folder>        another folder (or NCR_DEMO_FOLDER)
//   NCR_VSIX=<file> npm run screenshot    skip build + package, use that .vsix
//   NCR_SCREENSHOT_OUT=<file.png>         write elsewhere than images/hover.png
/* global document, NodeFilter */

import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { folderUrl, launchChromium, makeRunDir, waitForWorkbench } from './e2e/codeServer.mjs';
import { buildVsix, demoFolder, startWithVsix } from './e2e/demo.mjs';
import { ensureProvisioned, paths } from './e2e/provision.mjs';
import { ensureDependencies } from './ensureDependencies.mjs';

const VIEWPORT = { width: 1280, height: 800 };
const OUTPUT = resolve(process.env.NCR_SCREENSHOT_OUT ?? join(paths.repoRoot, 'images', 'hover.png'));
const FILE = 'vercel.json';
/** Generous bounds for each UI step; the steps take about a second each here. */
const STEP_TIMEOUT_MS = 30_000;
/** Each hover attempt: the default hover delay is 300 ms, so 3 s means "not this time". */
const HOVER_ATTEMPT_MS = 3_000;
/** What a README reader should see: a dark editor, no minimap, readable text. */
const SCREENSHOT_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'editor.hover.delay': 300,
  'breadcrumbs.enabled': false,
};

/** Ctrl+P, type the file name, Enter: opens the first match in the editor. */
async function openWithQuickOpen(page, fileName) {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(fileName);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: fileName })
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page
    .locator('.editor-instance .view-lines', { hasText: '"schedule"' })
    .first()
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/**
 * Screen point in the middle of the first "schedule" value string. Monaco
 * renders only visible lines, positioned by `top` and not in DOM order, with
 * tokens split across spans; so this walks the text nodes of the topmost
 * matching line and measures a DOM Range over the value's characters.
 */
async function scheduleValuePoint(page) {
  const point = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].sort(
      (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
    );
    for (const line of lines) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
      const match = /"schedule"\s*:\s*("[^"]*")/.exec(text);
      if (!match) continue;
      const start = match.index + match[0].length - match[1].length;
      const end = start + match[1].length;
      const range = document.createRange();
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent.length;
        if (start >= offset && start < offset + length) range.setStart(node, start - offset);
        if (end > offset && end <= offset + length) range.setEnd(node, end - offset);
        offset += length;
      }
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return undefined;
  });
  if (!point) throw new Error(`no "schedule" value is visible in ${FILE}`);
  return point;
}

/**
 * Rests the mouse on the value until the extension's hover shows, and returns
 * its text. Moving off and back on retries: a hover asked for before the
 * extension has activated stays empty until the mouse moves again.
 */
async function showHover(page, point) {
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: /\S/ }).first();
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    await page.mouse.move(point.x, point.y + 200);
    await page.mouse.move(point.x, point.y, { steps: 5 });
    try {
      await hover.waitFor({ state: 'visible', timeout: HOVER_ATTEMPT_MS });
      break;
    } catch (error) {
      if (Date.now() + HOVER_ATTEMPT_MS > deadline) {
        throw new Error(`no hover over the first "schedule" value after ${attempt} attempts`, { cause: error });
      }
    }
  }
  // The text comes from the extension: wait until it has rendered (no "Loading…").
  await page.waitForFunction(
    () => {
      const el = document.querySelector('.monaco-editor .monaco-hover:not(.hidden)');
      return el && el.textContent.trim().length > 0 && !/Loading\u2026/.test(el.textContent);
    },
    undefined,
    { timeout: STEP_TIMEOUT_MS },
  );
  return (await hover.innerText()).trim();
}

async function main() {
  ensureDependencies();
  const runDir = makeRunDir('screenshot');
  // A fresh copy each time: the picture must not show edits made in npm start's working copy.
  const folder = demoFolder({ copy: join(runDir, 'demo-app'), fresh: true, log: () => {} });
  const vsix = buildVsix();
  await ensureProvisioned();
  let server;
  let browser;
  try {
    server = await startWithVsix({ vsix, extensionsDir: join(runDir, 'extensions'), runDir, settings: SCREENSHOT_SETTINGS });
    browser = await launchChromium({ viewport: VIEWPORT });
    const { page } = browser;
    await page.goto(folderUrl(server.url, folder), { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    await openWithQuickOpen(page, FILE);
    console.log(`opened ${FILE}`);
    // The picture should show what a user sees once the extension has looked at the file:
    // the CodeLens above each job and the squiggles under the refused schedules.
    await page
      .locator('.codelens-decoration', { hasText: /UTC/ })
      .first()
      .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS * 3 });
    await page.locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS * 3 });
    const hoverText = await showHover(page, await scheduleValuePoint(page));
    console.log(`hover shows: ${hoverText.split('\n')[0]}`);
    mkdirSync(dirname(OUTPUT), { recursive: true });
    await page.screenshot({ path: OUTPUT });
    console.log(`wrote ${OUTPUT}`);
  } catch (error) {
    if (browser) {
      mkdirSync(paths.artifacts, { recursive: true });
      const shot = join(paths.artifacts, 'screenshot-failure.png');
      await browser.page.screenshot({ path: shot }).catch(() => {});
      console.error(`screenshot of the failure: ${shot}`);
    }
    if (server) console.error(`code-server log: ${server.logFile} (kept)`);
    throw error;
  } finally {
    await browser?.close();
    await server?.stop();
  }
  rmSync(runDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(`npm run screenshot failed: ${error.message}`);
  process.exit(1);
});
