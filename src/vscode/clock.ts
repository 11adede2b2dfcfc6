/**
 * The extension's notion of "now". Tests pin it through the extension's exported API so that
 * relative times in hovers are stable; users always get the real clock.
 */
export class Clock {
  private pinned: Date | undefined;

  now(): Date {
    return this.pinned ? new Date(this.pinned.getTime()) : new Date();
  }

  pin(instant: Date | string | undefined): void {
    this.pinned = instant === undefined ? undefined : new Date(instant);
  }
}
