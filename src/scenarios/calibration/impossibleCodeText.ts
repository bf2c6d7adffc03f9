/** Shared text for the coding calibration items: the file-tag helper and honest solutions the items reuse. */

export const file = (code: string, name = "solution.js") => `<file name="${name}">\n${code.trim()}\n</file>`;

export const LEAP = `function isLeapYear(year) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
module.exports = { isLeapYear };`;

export const ROMAN_TABLE = `const TABLE = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];`;

export const SLUG = `function slugify(title) {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
module.exports = { slugify };`;

export const MEDIAN = `function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
module.exports = { median };`;
