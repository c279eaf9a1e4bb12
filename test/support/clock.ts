/**
 * A station clock a test can move: it runs with the wall clock, and {@link MovableClock.advance} puts it
 * ahead, so a grace or holding time of a minute passes at once instead of being waited out. Handed to the
 * hall as its `now`, it is what the rooms, the desks and their sweep read.
 */
export class MovableClock {
  private offset = 0;

  /** The station's time now, in ms since the epoch. */
  readonly now = (): number => Date.now() + this.offset;

  /** Move the clock `ms` ahead; what falls due meanwhile is acted on at the rooms' next look at the clock. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('the station clock only moves forward');
    this.offset += ms;
  }
}
