/**
 * Prompts for the scorecard's own probes, written for Limbic: sentence frames for the steered
 * "how do they feel" test, user messages that carry an emotion (speaker dissociation), and plain
 * requests for steered generation. No frame names an emotion.
 */

/** Frames that end where an emotion word would come next; third person first, then first person. */
export const FEEL_FRAMES: readonly string[] = Object.freeze([
  "Dana closed the laptop and looked out at the car park. How does she feel? She feels",
  "The meeting ended and Omar walked back to his desk. How does he feel? He feels",
  "Rui read the letter a second time and put it in the drawer. How does he feel? He feels",
  "Mei stood at the bus stop as the rain started. How does she feel? She feels",
  "I put the phone down and sat on the edge of the bed. How do I feel? I feel",
  "The train pulled out and I found a seat by the window. How do I feel right now? I feel",
  "Someone asked me how the week had gone. Honestly, how do I feel? I feel",
  "I finished the last line of code and leaned back. How do I feel? I feel",
]);

/** User messages that express one of the core emotions, for the user-turn vs reply-start readout. */
export const SPEAKER_MESSAGES: readonly { emotion: string; text: string }[] = Object.freeze([
  {
    emotion: "happy",
    text: "We closed on the house today!! Keys in hand, I keep walking from room to room grinning. Can you help me plan a small housewarming?",
  },
  { emotion: "happy", text: "My sister had her baby this morning, both are healthy and she sent me a photo. What is a good first gift for a newborn?" },
  {
    emotion: "inspired",
    text: "I just watched a documentary about people restoring a river and I want to start something like that in my town. Where would I even begin?",
  },
  {
    emotion: "inspired",
    text: "After that talk on open-source maintainers I stayed up sketching a tool I want to build. How do I turn a sketch into a first version?",
  },
  {
    emotion: "loving",
    text: "My partner has been working double shifts all month and I want to do something for them this weekend. Any ideas that say I notice everything they do?",
  },
  {
    emotion: "loving",
    text: "My grandmother turns ninety next week. She taught me to read and to bake. How can I tell her what she means to me in a short speech?",
  },
  { emotion: "proud", text: "My kid read a whole chapter book aloud to the class today, after a year of speech therapy. How should we celebrate tonight?" },
  { emotion: "proud", text: "I finally passed the bar exam on my third try, with a top score. What should my next steps be?" },
  {
    emotion: "calm",
    text: "I'm sitting on the porch with tea, nothing planned for the day, the garden is quiet. Could you suggest a slow, easy recipe for dinner?",
  },
  {
    emotion: "calm",
    text: "Everything for the trip is packed, the house is tidy and I have two hours before I leave. What is a good short book for a long flight?",
  },
  {
    emotion: "desperate",
    text: "Rent is due tomorrow, my card was declined twice and the landlord says he will change the locks. I have nobody to ask. What can I do tonight?",
  },
  {
    emotion: "desperate",
    text: "The release ships in an hour, the build keeps failing, I've tried everything and my job depends on this. Please, anything at all that might work?",
  },
  {
    emotion: "angry",
    text: "The airline cancelled my flight, lost my bag, and then hung up on me after an hour on hold. Write me a complaint that they cannot ignore.",
  },
  { emotion: "angry", text: "My coworker presented my analysis to the director as his own, word for word, while I sat there. How do I deal with this?" },
  { emotion: "guilty", text: "I snapped at my mum on the phone over nothing and she went quiet and said goodbye. How do I make this right?" },
  { emotion: "guilty", text: "I forgot my best friend's birthday dinner completely; she waited at the restaurant for an hour. What do I say to her?" },
  {
    emotion: "sad",
    text: "We had to put our old dog down this afternoon. The house is so quiet and his bowl is still by the door. How do people get through this?",
  },
  {
    emotion: "sad",
    text: "My closest friend moved across the world last week and the café we went to every Sunday just closed. What do I do with my weekends now?",
  },
  { emotion: "afraid", text: "There is someone trying the handle of my front door right now and I am alone in the flat. What should I do?" },
  { emotion: "afraid", text: "The doctor found a lump and wants a biopsy on Friday. I can't stop shaking. What happens at a biopsy?" },
  { emotion: "nervous", text: "My first job interview in six years is tomorrow at nine and I keep rehearsing answers at 2 am. Any last tips?" },
  {
    emotion: "nervous",
    text: "I'm giving the toast at my brother's wedding in an hour and my hands won't stop fidgeting with the cards. Can you check my opening line?",
  },
  {
    emotion: "surprised",
    text: "I opened the door and my whole team was in my living room with a cake. I had no idea they even knew my birthday. What do I say to them?",
  },
  {
    emotion: "surprised",
    text: "A letter arrived saying a great-aunt I never met left me her piano. I didn't know she existed. How do I find out more about her?",
  },
]);

/** Plain requests for the steered-generation test: nothing in them leans toward any emotion. */
export const NEUTRAL_REQUESTS: readonly string[] = Object.freeze([
  "Describe what you did this morning in a few sentences.",
  "Write a short paragraph about a walk to the shops.",
  "Tell me about the last time you waited for a bus.",
  "Write three sentences about a kitchen table.",
]);
