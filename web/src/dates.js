// Dates as the explorer reads and shows them: what an analyst types, an
// agreement's status on a day, and whether a fact lies after the day in
// view. Pure functions, tested without a browser (test-unit/logic.test.mjs).

// The years the explorer accepts: the catalog's timelines start in 1900, and
// a year outside these is a typo (0628, 62820), not a question.
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

// parseDay reads a typed date: YYYY-MM-DD, YYYY-MM or YYYY (the first day of
// the month or year, as the API reads it), or "" / "today" for today. It
// returns {day: "YYYY-MM-DD" or ""} or {error} saying what is wrong.
export function parseDay(text) {
  const t = String(text).trim();
  if (t === "" || t.toLowerCase() === "today") return { day: "" };
  const m = DATE.exec(t);
  if (!m) return { error: `"${t}" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, for example 2021-06-28.` };
  const [year, month, day] = [Number(m[1]), Number(m[2] || 1), Number(m[3] || 1)];
  if (year < FIRST_YEAR || year > LAST_YEAR) return { error: `${t}: pick a year from ${FIRST_YEAR} to ${LAST_YEAR}.` };
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return { error: `${t} is not a day on the calendar.` };
  return { day: d.toISOString().slice(0, 10) };
}

// isDay says whether a value is a stored day, YYYY-MM-DD.
export const isDay = (v) => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);

// today is today's date in UTC, as the API's "today" is.
export const today = () => new Date().toISOString().slice(0, 10);

// isAfter says whether a stored date (YYYY-MM-DD, or a prefix of one) lies
// after the day in view ("" is today). A date known to its year or month
// counts from the first day of it, as the graph stores it.
export function isAfter(date, day) {
  if (typeof date !== "string" || !DATE.test(date.slice(0, 10))) return false;
  return date.slice(0, 10) > (day || today());
}

// statusOn is an agreement's status on a day, from its status history
// (status_history with status_dates, oldest first): {status, since} of the
// last step on or before the day, or null when it had none yet.
export function statusOn(props, day) {
  const steps = props.status_history || [];
  const dates = props.status_dates || [];
  let now = null;
  steps.forEach((status, i) => {
    if (!isAfter(dates[i], day)) now = { status, since: dates[i] };
  });
  return now;
}

// shown formats a stored date to the precision it is known to: 2006-01-01
// known to the year is "2006".
export function shown(date, precision) {
  if (typeof date !== "string") return date;
  if (precision === "year") return date.slice(0, 4);
  if (precision === "month") return date.slice(0, 7);
  return date;
}
