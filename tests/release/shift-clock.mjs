// Loaded with `node --import` by the determinism test: moves the clock by DOSSIER_TEST_CLOCK_SHIFT_DAYS
// (default 2,660 days, over seven years), for Date.now(), new Date() and performance-free code alike.
const days = Number(process.env.DOSSIER_TEST_CLOCK_SHIFT_DAYS ?? 2660);
const offset = days * 86_400_000 + 12_345_678;
const RealDate = Date;
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = ShiftedDate;
