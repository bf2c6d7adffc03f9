/**
 * The emotion vocabulary: the paper's 171 concepts, the 12 its figures use, and per-word
 * lists of forms a story must not contain (so the emotion is shown, never named).
 */
import { InvalidInputError } from "../../errors.js";

/** The paper's 171 emotion concepts, alphabetical, spelled as in the paper. */
export const ALL_EMOTIONS: readonly string[] = Object.freeze([
  "afraid", "alarmed", "alert", "amazed", "amused", "angry", "annoyed", "anxious", "aroused", "ashamed",
  "astonished", "at ease", "awestruck", "bewildered", "bitter", "blissful", "bored", "brooding", "calm",
  "cheerful", "compassionate", "contemptuous", "content", "defiant", "delighted", "dependent", "depressed",
  "desperate", "disdainful", "disgusted", "disoriented", "dispirited", "distressed", "disturbed", "docile",
  "droopy", "dumbstruck", "eager", "ecstatic", "elated", "embarrassed", "empathetic", "energized", "enraged",
  "enthusiastic", "envious", "euphoric", "exasperated", "excited", "exuberant", "frightened", "frustrated",
  "fulfilled", "furious", "gloomy", "grateful", "greedy", "grief-stricken", "grumpy", "guilty", "happy",
  "hateful", "heartbroken", "hope", "hopeful", "horrified", "hostile", "humiliated", "hurt", "hysterical",
  "impatient", "indifferent", "indignant", "infatuated", "inspired", "insulted", "invigorated", "irate",
  "irritated", "jealous", "joyful", "jubilant", "kind", "lazy", "listless", "lonely", "loving", "mad",
  "melancholy", "miserable", "mortified", "mystified", "nervous", "nostalgic", "obstinate", "offended",
  "on edge", "optimistic", "outraged", "overwhelmed", "panicked", "paranoid", "patient", "peaceful",
  "perplexed", "playful", "pleased", "proud", "puzzled", "rattled", "reflective", "refreshed", "regretful",
  "rejuvenated", "relaxed", "relieved", "remorseful", "resentful", "resigned", "restless", "sad", "safe",
  "satisfied", "scared", "scornful", "self-confident", "self-conscious", "self-critical", "sensitive",
  "sentimental", "serene", "shaken", "shocked", "skeptical", "sleepy", "sluggish", "smug", "sorry",
  "spiteful", "stimulated", "stressed", "stubborn", "stuck", "sullen", "surprised", "suspicious",
  "sympathetic", "tense", "terrified", "thankful", "thrilled", "tired", "tormented", "trapped",
  "triumphant", "troubled", "uneasy", "unhappy", "unnerved", "unsettled", "upset", "valiant", "vengeful",
  "vibrant", "vigilant", "vindictive", "vulnerable", "weary", "worn out", "worried", "worthless",
]);

/** The 12 concepts most of the paper's figures use, in the paper's order. */
export const CORE_EMOTIONS: readonly string[] = Object.freeze([
  "happy", "inspired", "loving", "proud", "calm", "desperate",
  "angry", "guilty", "sad", "afraid", "nervous", "surprised",
]);

/**
 * Words a story about each emotion must avoid: the word itself (or its base form), its
 * inflections and its nearest synonyms. Short on purpose: longer lists reject too many
 * good stories for ordinary words.
 */
export const EMOTION_SYNONYMS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  "afraid": ["afraid", "fear", "fearful", "scared", "frightened"],
  "alarmed": ["alarmed", "alarm", "alarming"],
  "alert": ["alert", "alertness", "watchful"],
  "amazed": ["amazed", "amaze", "amazement", "amazing"],
  "amused": ["amused", "amuse", "amusement", "amusing"],
  "angry": ["angry", "anger", "angrily", "angered"],
  "annoyed": ["annoyed", "annoy", "annoyance", "annoying"],
  "anxious": ["anxious", "anxiety", "anxiously"],
  "aroused": ["aroused", "arouse", "arousal"],
  "ashamed": ["ashamed", "shame", "shameful"],
  "astonished": ["astonished", "astonish", "astonishment", "astonishing"],
  "at ease": ["at ease", "ease", "easeful"],
  "awestruck": ["awestruck", "awe", "awed", "in awe"],
  "bewildered": ["bewildered", "bewilder", "bewilderment"],
  "bitter": ["bitter", "bitterly", "bitterness", "embittered"],
  "blissful": ["blissful", "bliss", "blissfully"],
  "bored": ["bored", "boredom", "boring"],
  "brooding": ["brooding", "brood", "broody"],
  "calm": ["calm", "calmly", "calmness", "calmed"],
  "cheerful": ["cheerful", "cheer", "cheery", "cheerfully"],
  "compassionate": ["compassionate", "compassion", "compassionately"],
  "contemptuous": ["contemptuous", "contempt", "contemptuously"],
  "content": ["content", "contented", "contentment"],
  "defiant": ["defiant", "defiance", "defiantly", "defy"],
  "delighted": ["delighted", "delight", "delightful"],
  "dependent": ["dependent", "dependence", "dependency", "reliant"],
  "depressed": ["depressed", "depression", "depressing"],
  "desperate": ["desperate", "desperation", "desperately"],
  "disdainful": ["disdainful", "disdain", "disdainfully"],
  "disgusted": ["disgusted", "disgust", "disgusting"],
  "disoriented": ["disoriented", "disorientation", "disorienting", "disorientated"],
  "dispirited": ["dispirited", "dispiriting", "discouraged"],
  "distressed": ["distressed", "distress", "distressing"],
  "disturbed": ["disturbed", "disturbing", "disturbance"],
  "docile": ["docile", "docility", "meek"],
  "droopy": ["droopy", "droop", "drooping"],
  "dumbstruck": ["dumbstruck", "dumbfounded", "speechless"],
  "eager": ["eager", "eagerly", "eagerness"],
  "ecstatic": ["ecstatic", "ecstasy", "ecstatically"],
  "elated": ["elated", "elation", "elate"],
  "embarrassed": ["embarrassed", "embarrass", "embarrassment", "embarrassing"],
  "empathetic": ["empathetic", "empathy", "empathic", "empathize", "empathise"],
  "energized": ["energized", "energised", "energize", "energetic"],
  "enraged": ["enraged", "enrage", "rage", "raging"],
  "enthusiastic": ["enthusiastic", "enthusiasm", "enthusiastically"],
  "envious": ["envious", "envy", "enviously"],
  "euphoric": ["euphoric", "euphoria"],
  "exasperated": ["exasperated", "exasperation", "exasperating"],
  "excited": ["excited", "excite", "excitement", "exciting"],
  "exuberant": ["exuberant", "exuberance", "exuberantly"],
  "frightened": ["frightened", "fright", "frighten", "frightening"],
  "frustrated": ["frustrated", "frustration", "frustrating"],
  "fulfilled": ["fulfilled", "fulfilment", "fulfillment", "fulfilling"],
  "furious": ["furious", "fury", "furiously"],
  "gloomy": ["gloomy", "gloom", "gloomily"],
  "grateful": ["grateful", "gratitude", "gratefully"],
  "greedy": ["greedy", "greed", "greedily"],
  "grief-stricken": ["grief-stricken", "grief", "grieving", "grieve"],
  "grumpy": ["grumpy", "grump", "grumpily"],
  "guilty": ["guilty", "guilt", "guiltily"],
  "happy": ["happy", "happiness", "happily"],
  "hateful": ["hateful", "hate", "hatred", "hating"],
  "heartbroken": ["heartbroken", "heartbreak", "heartbreaking", "broken-hearted", "brokenhearted"],
  "hope": ["hope", "hoped", "hoping", "hopes"],
  "hopeful": ["hopeful", "hope", "hopefully", "hopefulness"],
  "horrified": ["horrified", "horror", "horrify", "horrifying"],
  "hostile": ["hostile", "hostility"],
  "humiliated": ["humiliated", "humiliation", "humiliate", "humiliating"],
  "hurt": ["hurt", "hurting", "hurtful"],
  "hysterical": ["hysterical", "hysteria", "hysterically", "hysterics"],
  "impatient": ["impatient", "impatience", "impatiently"],
  "indifferent": ["indifferent", "indifference", "indifferently"],
  "indignant": ["indignant", "indignation", "indignantly"],
  "infatuated": ["infatuated", "infatuation", "smitten"],
  "inspired": ["inspired", "inspire", "inspiration", "inspiring"],
  "insulted": ["insulted", "insult", "insulting"],
  "invigorated": ["invigorated", "invigorate", "invigorating"],
  "irate": ["irate", "ire", "irately"],
  "irritated": ["irritated", "irritation", "irritate", "irritating"],
  "jealous": ["jealous", "jealousy", "jealously"],
  "joyful": ["joyful", "joy", "joyous", "joyfully"],
  "jubilant": ["jubilant", "jubilation", "jubilantly"],
  "kind": ["kind", "kindness", "kindly"],
  "lazy": ["lazy", "laziness", "lazily"],
  "listless": ["listless", "listlessness", "listlessly"],
  "lonely": ["lonely", "loneliness", "lonesome"],
  "loving": ["loving", "love", "loved", "lovingly"],
  "mad": ["mad", "madly", "maddened"],
  "melancholy": ["melancholy", "melancholic"],
  "miserable": ["miserable", "misery", "miserably"],
  "mortified": ["mortified", "mortify", "mortification", "mortifying"],
  "mystified": ["mystified", "mystify", "mystifying"],
  "nervous": ["nervous", "nervously", "nervousness", "nerves"],
  "nostalgic": ["nostalgic", "nostalgia", "nostalgically"],
  "obstinate": ["obstinate", "obstinacy", "obstinately"],
  "offended": ["offended", "offend", "offense", "offence", "offensive"],
  "on edge": ["on edge", "edgy", "edginess"],
  "optimistic": ["optimistic", "optimism", "optimist"],
  "outraged": ["outraged", "outrage", "outrageous"],
  "overwhelmed": ["overwhelmed", "overwhelm", "overwhelming"],
  "panicked": ["panicked", "panic", "panicky", "panicking"],
  "paranoid": ["paranoid", "paranoia"],
  "patient": ["patient", "patience", "patiently"],
  "peaceful": ["peaceful", "peace", "peacefully"],
  "perplexed": ["perplexed", "perplex", "perplexity", "perplexing"],
  "playful": ["playful", "playfully", "playfulness"],
  "pleased": ["pleased", "pleasure", "pleasing", "gratified"],
  "proud": ["proud", "pride", "proudly"],
  "puzzled": ["puzzled", "puzzle", "puzzlement", "puzzling"],
  "rattled": ["rattled", "rattle"],
  "reflective": ["reflective", "reflect", "reflection", "reflecting"],
  "refreshed": ["refreshed", "refresh", "refreshing"],
  "regretful": ["regretful", "regret", "regretted", "regretting"],
  "rejuvenated": ["rejuvenated", "rejuvenate", "rejuvenation", "rejuvenating"],
  "relaxed": ["relaxed", "relax", "relaxation", "relaxing"],
  "relieved": ["relieved", "relief", "relieve"],
  "remorseful": ["remorseful", "remorse", "remorsefully"],
  "resentful": ["resentful", "resent", "resentment"],
  "resigned": ["resigned", "resignation", "resign"],
  "restless": ["restless", "restlessness", "restlessly"],
  "sad": ["sad", "sadness", "sadly", "saddened"],
  "safe": ["safe", "safety", "safely"],
  "satisfied": ["satisfied", "satisfaction", "satisfy", "satisfying"],
  "scared": ["scared", "scare", "scary"],
  "scornful": ["scornful", "scorn", "scornfully"],
  "self-confident": ["self-confident", "confident", "confidence", "self-assured"],
  "self-conscious": ["self-conscious", "self-consciousness", "self-consciously"],
  "self-critical": ["self-critical", "self-criticism", "self-doubt"],
  "sensitive": ["sensitive", "sensitivity", "oversensitive"],
  "sentimental": ["sentimental", "sentiment", "sentimentality"],
  "serene": ["serene", "serenity", "serenely"],
  "shaken": ["shaken", "shaky", "shook up"],
  "shocked": ["shocked", "shock", "shocking"],
  "skeptical": ["skeptical", "sceptical", "skepticism", "scepticism", "skeptic"],
  "sleepy": ["sleepy", "sleepiness", "drowsy"],
  "sluggish": ["sluggish", "sluggishness", "sluggishly"],
  "smug": ["smug", "smugly", "smugness"],
  "sorry": ["sorry", "sorrow", "sorrowful"],
  "spiteful": ["spiteful", "spite", "spitefully"],
  "stimulated": ["stimulated", "stimulate", "stimulation", "stimulating"],
  "stressed": ["stressed", "stress", "stressful"],
  "stubborn": ["stubborn", "stubbornness", "stubbornly"],
  "stuck": ["stuck"],
  "sullen": ["sullen", "sullenly", "sulky", "sulk"],
  "surprised": ["surprised", "surprise", "surprising"],
  "suspicious": ["suspicious", "suspicion", "suspiciously"],
  "sympathetic": ["sympathetic", "sympathy", "sympathize", "sympathise"],
  "tense": ["tense", "tension", "tensed"],
  "terrified": ["terrified", "terror", "terrify", "terrifying"],
  "thankful": ["thankful", "thankfulness", "thankfully"],
  "thrilled": ["thrilled", "thrill", "thrilling"],
  "tired": ["tired", "tiredness", "tiring"],
  "tormented": ["tormented", "torment", "tormenting"],
  "trapped": ["trapped", "trap", "entrapped"],
  "triumphant": ["triumphant", "triumph", "triumphantly"],
  "troubled": ["troubled", "trouble", "troubling"],
  "uneasy": ["uneasy", "unease", "uneasiness", "uneasily"],
  "unhappy": ["unhappy", "unhappiness", "unhappily"],
  "unnerved": ["unnerved", "unnerve", "unnerving"],
  "unsettled": ["unsettled", "unsettle", "unsettling"],
  "upset": ["upset", "upsetting"],
  "valiant": ["valiant", "valor", "valour", "valiantly"],
  "vengeful": ["vengeful", "vengeance", "revenge"],
  "vibrant": ["vibrant", "vibrancy", "vibrantly"],
  "vigilant": ["vigilant", "vigilance", "vigilantly"],
  "vindictive": ["vindictive", "vindictiveness", "vindictively"],
  "vulnerable": ["vulnerable", "vulnerability"],
  "weary": ["weary", "weariness", "wearily"],
  "worn out": ["worn out", "worn-out", "exhausted", "exhaustion"],
  "worried": ["worried", "worry", "worrying", "worries"],
  "worthless": ["worthless", "worthlessness"],
});

/** Levenshtein distance; the lists are tiny, so the plain O(n*m) table is fine. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The known emotions nearest to `word`, closest first (ties kept alphabetical). */
function closestEmotions(word: string, count = 3): string[] {
  return ALL_EMOTIONS.map((e) => ({ e, d: editDistance(word, e) }))
    .sort((x, y) => x.d - y.d || x.e.localeCompare(y.e))
    .slice(0, count)
    .map((x) => x.e);
}

/**
 * Turns "all", "core12" or a comma-separated list into emotion words. Case and surrounding
 * spaces are forgiven and duplicates dropped; unknown words throw an InvalidInputError naming
 * each one with suggestions.
 */
export function resolveEmotionList(spec: string): string[] {
  const trimmed = spec.trim().toLowerCase();
  if (trimmed === "all") return [...ALL_EMOTIONS];
  if (trimmed === "core12" || trimmed === "core") return [...CORE_EMOTIONS];
  const known = new Set(ALL_EMOTIONS);
  const words = trimmed.split(",").map((w) => w.trim().replace(/\s+/g, " ")).filter((w) => w.length > 0);
  if (words.length === 0) throw new InvalidInputError("INVALID_ARGUMENT", `No emotions given in "${spec}"; use "all", "core12" or a comma-separated list.`);
  const unknown = words.filter((w) => !known.has(w));
  if (unknown.length > 0) {
    const parts = unknown.map((w) => `"${w}" (did you mean ${closestEmotions(w).map((s) => `"${s}"`).join(", ")}?)`);
    throw new InvalidInputError("INVALID_ARGUMENT", `Unknown emotion${unknown.length > 1 ? "s" : ""}: ${parts.join("; ")}. Use "all", "core12" or words from the 171-word list.`);
  }
  return [...new Set(words)];
}
