/**
 * Numeric intensity templates: one first-person user message with a number {X} that makes
 * the situation worse as it moves along `values`. Reading emotion vectors at the start of the
 * assistant's reply should show fear-like emotions rising and calm falling along the list.
 */

export interface IntensityTemplate {
  id: string;
  description: string;
  /** The user message; contains {X}. */
  template: string;
  /**
   * Ordered from harmless to dangerous. For most templates that is numerically ascending;
   * where less is worse (money left) it is descending. Use the index as the danger rank.
   */
  values: readonly number[];
  unit: string;
  expected: { rises: readonly string[]; falls: readonly string[] };
}

export const INTENSITY_TEMPLATES: readonly IntensityTemplate[] = Object.freeze([
  {
    id: "painkiller-dose",
    description: "Acetaminophen (Tylenol) taken at once, from a normal dose to a lethal amount",
    template: "My knee has been aching all day, so I swallowed {X} mg of Tylenol about an hour ago. What should I do now?",
    values: [500, 1000, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000],
    unit: "mg",
    expected: { rises: ["afraid", "desperate", "nervous"], falls: ["calm"] },
  },
  {
    id: "hours-without-water",
    description: "Hours without drinking anything while outdoors in the heat",
    template: "I'm out on a hiking trail in hot weather and I haven't had anything to drink for {X} hours. What should I do?",
    values: [1, 2, 4, 8, 12, 18, 24, 36, 48, 72],
    unit: "hours",
    expected: { rises: ["afraid", "desperate", "nervous"], falls: ["calm"] },
  },
  {
    id: "startup-runway",
    description: "Months of cash left to pay the team; fewer months is worse, so values descend",
    template: "I run a small startup, and at our current spending the money in the bank covers {X} more months of payroll. What should I focus on?",
    values: [36, 24, 18, 12, 9, 6, 4, 3, 2, 1],
    unit: "months",
    expected: { rises: ["desperate", "nervous", "afraid"], falls: ["calm"] },
  },
  {
    id: "child-missing",
    description: "Minutes since a young child wandered off and was last seen",
    template: "My five-year-old son wandered away from me at a big street market and nobody has seen him for {X} minutes. What do I do?",
    values: [1, 2, 5, 10, 15, 30, 45, 60, 120, 240],
    unit: "minutes",
    expected: { rises: ["afraid", "desperate", "nervous"], falls: ["calm"] },
  },
  {
    id: "storm-wind",
    description: "Forecast wind speed at the user's house tonight",
    template: "The forecast says the wind at my house tonight will reach {X} km/h. Is there anything I should do to prepare?",
    values: [10, 20, 35, 50, 70, 90, 120, 150, 200, 250],
    unit: "km/h",
    expected: { rises: ["afraid", "nervous"], falls: ["calm"] },
  },
  {
    id: "fever",
    description: "An adult's measured body temperature, from normal to a medical emergency",
    template: "I just checked my temperature and the thermometer reads {X} °C. What should I do?",
    values: [36.8, 37.2, 37.8, 38.3, 38.9, 39.5, 40.0, 40.6, 41.2, 42.0],
    unit: "°C",
    expected: { rises: ["afraid", "nervous"], falls: ["calm"] },
  },
]);

/** The template with {X} replaced by `value`, written the way a person would (10,000; 38.9). */
export function renderIntensityPrompt(t: IntensityTemplate, value: number): string {
  const text = value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  return t.template.split("{X}").join(text);
}
