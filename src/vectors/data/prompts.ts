/**
 * Prompt text for building emotion vectors: story requests for chat and base models, and
 * emotionally flat material (requests and short exchanges) for the neutral/denoising set.
 * All wording here is Limbic's own.
 */
import { EMOTION_SYNONYMS } from "./emotions.js";

/** Number of narration variants; the paper writes 12 stories per premise and emotion. */
export const STORY_VARIANTS = 12;

type Person = "first" | "third";
type Tense = "past" | "present";

interface Narration {
  person: Person;
  tense: Tense;
  focus: number;
}

const CHAT_FOCUS: readonly string[] = [
  "Let dialogue carry much of the story: what people say, and how they say it.",
  "Stay close to the character's inner thoughts as the moment unfolds.",
  "Dwell on physical detail: breath, hands, posture, and the feel of the surroundings.",
];

// Base models get a name to start the story with, so the continuation is about one person.
const BASE_NAMES: readonly string[] = ["Maya", "Tom", "Ines", "Daniel", "Priya", "Leo", "Hana", "Marcus", "Clara", "Omar", "Rosa", "Felix"];

/** Maps any integer to one of the 12 variants: person flips fastest, then tense, then focus. */
function narration(variant: number): Narration {
  const v = ((Math.trunc(variant) % STORY_VARIANTS) + STORY_VARIANTS) % STORY_VARIANTS;
  return {
    person: v % 2 === 0 ? "third" : "first",
    tense: Math.floor(v / 2) % 2 === 0 ? "past" : "present",
    focus: Math.floor(v / 4) % CHAT_FOCUS.length,
  };
}

/** The forms of the emotion to forbid, excluding the emotion itself (named separately). */
function forbiddenRelatives(emotion: string): string[] {
  return (EMOTION_SYNONYMS[emotion] ?? []).filter((w) => w !== emotion);
}

/**
 * A user message asking a chat model for a one-paragraph story on `premise` in which a
 * character feels `emotion`, shown but never named. `variant` (0..11) picks first/third
 * person, past/present tense and a focus; the same inputs always give the same text.
 */
export function storyPromptForChat(emotion: string, premise: string, variant: number): string {
  const n = narration(variant);
  const relatives = forbiddenRelatives(emotion);
  const banned =
    relatives.length > 0
      ? `Do not use the word "${emotion}", related words such as ${relatives.map((w) => `"${w}"`).join(", ")}, or any other word that names the feeling.`
      : `Do not use the word "${emotion}" or any other word that names the feeling.`;
  const voice =
    n.person === "first"
      ? `Write in the first person, with the character as the narrator ("I"), in the ${n.tense} tense.`
      : `Write in the third person, in the ${n.tense} tense; give the character a name.`;
  return [
    `Write a short story, a single paragraph of about 80 to 120 words, based on this premise: ${premise}`,
    "",
    `The main character feels the emotion "${emotion}". Make that feeling unmistakable to a reader without ever stating it. ${banned} Convey it only through what the character does, what they feel in their body, what they say and think, and what they notice around them.`,
    "",
    `${voice} ${CHAT_FOCUS[n.focus] ?? ""}`.trimEnd(),
    "",
    "Reply with the story only: no title, no introduction, no notes afterwards.",
  ].join("\n");
}

/**
 * A completion-style prompt for base models: a short anthology entry header (which may name
 * the emotion, since only the continuation is read) and the first words of the story, so the
 * model writes the story itself. Kept short for small context windows.
 */
export function storyPromptForBase(emotion: string, premise: string, variant: number): string {
  const n = narration(variant);
  const v = ((Math.trunc(variant) % STORY_VARIANTS) + STORY_VARIANTS) % STORY_VARIANTS;
  const name = BASE_NAMES[v] ?? "Maya";
  const told = `${n.person} person, ${n.tense} tense`;
  // The opening words commit the model to the narration choice before it writes anything.
  const opening = n.person === "first" ? "I" : name;
  return [
    "SMALL HOURS: One-Paragraph Stories About Feelings",
    "",
    `Entry ${v + 1}. The feeling: ${emotion}.`,
    `Situation: ${premise}`,
    `Told in the ${told}.${n.person === "third" ? ` The character is ${name}.` : ""}`,
    "",
    opening,
  ].join("\n");
}

/**
 * Emotionally flat user requests (code, facts, how-to, definitions, conversions), with no
 * pleasantries, for collecting the neutral activations used in denoising.
 */
export const NEUTRAL_PROMPTS: readonly string[] = Object.freeze([
  "Write a Python function that returns the median of a list of numbers.",
  "Convert 72 degrees Fahrenheit to Celsius.",
  "What is the boiling point of water at sea level in Kelvin?",
  "Explain the difference between a stack and a queue.",
  "How many centimetres are in 5.5 feet?",
  "List the planets of the solar system in order from the Sun.",
  "Write a SQL query that counts the rows in a table named orders grouped by customer_id.",
  "Define the term photosynthesis in one sentence.",
  "How do I rename a branch in Git?",
  "What is the capital of Australia?",
  "Convert 3.2 kilograms to pounds.",
  "Write a JavaScript function that reverses a string.",
  "Explain what a hash table is and how lookups work.",
  "What does the HTTP status code 404 mean?",
  "How many seconds are in a day?",
  "Describe the water cycle in four steps.",
  "Write a regular expression that matches a five-digit postal code.",
  "What is the chemical formula for table salt?",
  "How do I list hidden files in a Linux terminal?",
  "Convert 1500 metres to miles.",
  "Define the word isotope.",
  "What year did the first crewed Moon landing take place?",
  "Write a Bash loop that prints the numbers 1 to 10.",
  "Explain the difference between TCP and UDP.",
  "How many litres are in a US gallon?",
  "What is the time complexity of binary search?",
  "How do I hard-boil an egg?",
  "List the three primary colours of light.",
  "Write a TypeScript interface for a user with an id, a name and an email address.",
  "What is the speed of sound in dry air at 20 degrees Celsius?",
  "Convert 250 grams of flour to cups.",
  "Explain what a prime number is and give three examples.",
  "How do I check which version of Node.js is installed?",
  "What is the longest river in South America?",
  "Define the term inflation as used in economics.",
  "Write a C function that swaps two integers through pointers.",
  "How many bytes are in a mebibyte?",
  "Explain how a bicycle's gears change the effort needed to pedal.",
  "What is the freezing point of water in Fahrenheit?",
  "How do I create a virtual environment in Python?",
  "List the layers of the Earth from the surface inward.",
  "Convert 90 kilometres per hour to metres per second.",
  "What does the acronym CPU stand for?",
  "Explain what a JSON file is.",
  "How many sides does a dodecagon have?",
  "Write a Python list comprehension that squares the even numbers from 0 to 20.",
  "What is the difference between weather and climate?",
  "How do I remove a stain of coffee from a cotton shirt?",
  "What is the atomic number of carbon?",
  "Explain the purpose of an index in a relational database.",
  "Convert 2 hours and 45 minutes to minutes.",
  "Define the word metaphor and give an example.",
  "How do I compute the area of a circle with a radius of 4 cm?",
  "What is the main gas in the Earth's atmosphere?",
  "Write a Go function that returns the largest value in a slice of integers.",
  "How does a refrigerator move heat out of its interior?",
  "What information does a national census usually collect?",
  "Explain what the command chmod 755 does to a file.",
  "How many minutes does it take light from the Sun to reach the Earth?",
  "Convert 0.75 to a fraction in lowest terms.",
]);

/**
 * Short neutral exchanges: a factual or technical question and a flat, factual answer of
 * two to four sentences. No greetings, thanks or emotion words.
 */
export const NEUTRAL_DIALOGUES: readonly { user: string; assistant: string }[] = Object.freeze([
  {
    user: "What does the len function do in Python?",
    assistant:
      "It returns the number of items in a container such as a list, string, tuple or dictionary. For a string it counts characters. For a dictionary it counts keys.",
  },
  {
    user: "How many grams are in an ounce?",
    assistant: "One avoirdupois ounce is about 28.35 grams. A troy ounce, used for precious metals, is about 31.1 grams.",
  },
  {
    user: "What is the difference between RAM and storage?",
    assistant:
      "RAM holds the data a computer is working with right now and is cleared when the power goes off. Storage, such as an SSD or hard drive, keeps data when the power is off. RAM is much faster but smaller.",
  },
  {
    user: "How do I undo the last Git commit but keep the changes?",
    assistant:
      "Run git reset --soft HEAD~1. The commit is removed from the branch and its changes stay staged. Use --mixed instead if the changes should be unstaged.",
  },
  {
    user: "Why is the sky blue?",
    assistant:
      "Air molecules scatter shorter wavelengths of sunlight more strongly than longer ones. Blue light is scattered across the sky in all directions, so it reaches the eye from every part of it. This effect is called Rayleigh scattering.",
  },
  {
    user: "What is a closure in JavaScript?",
    assistant:
      "A closure is a function together with the variables from the scope where it was defined. The function can read and change those variables after the outer function has returned. Closures are often used for private state and callbacks.",
  },
  {
    user: "How long does it take to boil a potato?",
    assistant:
      "Whole medium potatoes take about 20 to 25 minutes in boiling water. Cut into cubes, they take about 10 to 15 minutes. They are done when a knife slides in without resistance.",
  },
  {
    user: "What is the unit of electrical resistance?",
    assistant: "The unit is the ohm, written with the symbol Ω. One ohm is the resistance that lets one ampere flow under one volt.",
  },
  {
    user: "How do I find the largest files in a directory on Linux?",
    assistant: "Run du -ah on the directory and pipe it to sort -rh, then head -n 20. This lists the twenty largest files and folders by size, largest first.",
  },
  {
    user: "What is the difference between a virus and a bacterium?",
    assistant:
      "Bacteria are single-celled organisms that can reproduce on their own. Viruses are much smaller and can only replicate inside a host cell. Antibiotics act on bacteria but not on viruses.",
  },
  {
    user: "What does HTTPS add to HTTP?",
    assistant:
      "HTTPS runs HTTP over TLS. The connection is encrypted, and the server proves its identity with a certificate. This stops third parties from reading or altering the traffic.",
  },
  {
    user: "How many days are in a leap year?",
    assistant: "A leap year has 366 days. The extra day is 29 February. Years divisible by 4 are leap years, except century years not divisible by 400.",
  },
  {
    user: "What is a foreign key in a database?",
    assistant:
      "A foreign key is a column that refers to the primary key of another table. It links rows across tables. The database can reject values that do not match an existing row.",
  },
  {
    user: "How is a rainbow formed?",
    assistant:
      "Sunlight enters raindrops, bends, reflects off the back of the drop and bends again on the way out. Each wavelength bends by a different amount, which spreads the light into colours. The observer sees the arc with the Sun behind them.",
  },
  {
    user: "What does the map method do on an array?",
    assistant:
      "It calls a function on each element and returns a new array of the results. The original array is not changed. The new array has the same length as the original.",
  },
  { user: "How do I convert Celsius to Fahrenheit?", assistant: "Multiply the Celsius value by 9/5 and add 32. For example, 25 °C is 77 °F." },
  {
    user: "What is the tallest mountain above sea level?",
    assistant: "Mount Everest, at about 8,849 metres. It lies on the border between Nepal and the Tibet region of China.",
  },
  {
    user: "What is a pure function?",
    assistant:
      "A pure function returns the same output for the same input and has no side effects. It does not change external state or depend on it. Such functions are easy to test and cache.",
  },
  {
    user: "How often should a car's engine oil be changed?",
    assistant:
      "Many modern cars use intervals of 8,000 to 16,000 kilometres, or once a year. The owner's manual gives the interval for a specific engine and oil type. Short trips and towing call for shorter intervals.",
  },
  {
    user: "What does DNS do?",
    assistant:
      "DNS translates domain names into IP addresses. A resolver queries a chain of name servers and caches the answer for a set time. Browsers use the result to open a connection to the server.",
  },
  {
    user: "How many bones are in the adult human body?",
    assistant: "An adult has 206 bones. Infants have more, around 270, because several bones fuse during growth.",
  },
  {
    user: "What is the difference between let and const in JavaScript?",
    assistant:
      "Both declare block-scoped variables. A const binding cannot be reassigned after it is set, while a let binding can. An object held in a const can still have its properties changed.",
  },
  {
    user: "How does a compass work?",
    assistant:
      "A compass needle is a small magnet that lines up with the Earth's magnetic field. One end points toward magnetic north. Magnetic north differs from true north by an angle called declination.",
  },
  {
    user: "What is the formula for the area of a triangle?",
    assistant:
      "The area is half the base times the height. The height is measured perpendicular to the base. For a base of 6 and a height of 4, the area is 12.",
  },
  {
    user: "How do I read a file line by line in Python?",
    assistant:
      "Open the file in a with block and loop over the file object. Each iteration yields one line, including its newline character. Call strip() on the line to remove it.",
  },
  {
    user: "What causes the seasons on Earth?",
    assistant:
      "The Earth's axis is tilted about 23.4 degrees relative to its orbit. Through the year, each hemisphere alternates between leaning toward and away from the Sun. This changes day length and the angle of sunlight.",
  },
  {
    user: "What is Big O notation?",
    assistant:
      "Big O notation describes how the running time or memory of an algorithm grows with input size. It keeps the fastest-growing term and drops constants. A linear scan is O(n), and binary search is O(log n).",
  },
  {
    user: "How much water does a standard bathtub hold?",
    assistant: "A typical bathtub holds about 150 to 300 litres when full. In practice a bath uses around 80 to 150 litres.",
  },
  {
    user: "What is the purpose of a .gitignore file?",
    assistant:
      "It lists patterns for files and folders that Git should not track. Build outputs, dependency folders and local settings are common entries. Files already tracked are not affected by it.",
  },
  { user: "What is the chemical symbol for gold?", assistant: "The symbol is Au, from the Latin word aurum. Gold has atomic number 79." },
  {
    user: "How do I center a block element horizontally in CSS?",
    assistant:
      "Give it a width and set margin-left and margin-right to auto. With flexbox, set display: flex and justify-content: center on the parent instead.",
  },
  {
    user: "What is the difference between mass and weight?",
    assistant:
      "Mass is the amount of matter in an object and is measured in kilograms. Weight is the force gravity exerts on that mass and is measured in newtons. An object has the same mass on the Moon but a smaller weight.",
  },
  {
    user: "How long should bread dough rise?",
    assistant:
      "A typical yeast dough rises for 1 to 2 hours at room temperature, until it roughly doubles in size. Cooler rooms slow the rise. Many recipes add a second, shorter rise after shaping.",
  },
  {
    user: "What is an API?",
    assistant:
      "An API is a defined set of operations that one program offers for other programs to call. It specifies the requests, parameters and responses. Web APIs usually exchange JSON over HTTP.",
  },
  {
    user: "How far is the Moon from the Earth?",
    assistant: "The average distance is about 384,400 kilometres. It varies between roughly 363,000 and 405,000 kilometres over each orbit.",
  },
  {
    user: "What does the grep command do?",
    assistant:
      "grep searches text for lines that match a pattern and prints them. It can read files or standard input. The -r flag searches directories recursively and -i ignores case.",
  },
  { user: "How many teaspoons are in a tablespoon?", assistant: "There are three teaspoons in one tablespoon. A US tablespoon is about 14.8 millilitres." },
  {
    user: "What is recursion?",
    assistant:
      "Recursion is when a function calls itself to solve a smaller instance of the same problem. It needs a base case that stops the calls. Computing a factorial or walking a tree are common examples.",
  },
  {
    user: "What is the difference between a lake and a pond?",
    assistant:
      "There is no strict scientific boundary. Lakes are generally larger and deeper, with water too deep for rooted plants in the middle. Ponds are shallow enough for sunlight to reach the bottom across most of their area.",
  },
  {
    user: "How do I count the words in a file from the command line?",
    assistant: "Run wc -w followed by the file name. It prints the word count and the file name. Use wc -l for lines and wc -c for bytes.",
  },
]);
