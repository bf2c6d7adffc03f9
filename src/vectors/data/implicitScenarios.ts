/**
 * Implicit scenarios: messages a person sends an AI assistant about what just happened to them,
 * six per core emotion, in which the emotion is plain to an ordinary reader but never named (no
 * word from the 171-word list or its synonyms; a test checks). Limbic reads the model's state at
 * the start of its reply. Written by hand for Limbic, blind, before any vector was read on them.
 */

export interface ImplicitScenario {
  /** The core emotion the writer meant the message to evoke. */
  emotion: string;
  /** The user's message, first person, one to four sentences. */
  text: string;
}

export const IMPLICIT_SCENARIOS: readonly ImplicitScenario[] = Object.freeze(
  [
    // happy
    {
      emotion: "happy",
      text: "My sister just called to say the adoption went through, so as of this morning I'm officially an aunt! I've been grinning at my desk for an hour and my coworkers keep asking what's going on.",
    },
    {
      emotion: "happy",
      text: "We finally got the keys to the little house with the lemon tree out back, and tonight we ate takeaway on the floor of the empty living room, laughing at nothing. Can you suggest some easy first plants for a sunny kitchen window?",
    },
    {
      emotion: "happy",
      text: "Got my exam results back: passed all four, including statistics, which I was sure I'd failed. Going out dancing with my flatmates tonight!",
    },
    {
      emotion: "happy",
      text: "The rain stopped right as sports day started and my youngest won the egg-and-spoon race, waving at me the whole way down the track. What a day.",
    },
    {
      emotion: "happy",
      text: "After eight months of job hunting I signed the offer an hour ago: better pay, a shorter commute, and a team that actually laughed at my jokes in the interview. What should I bring on my first day?",
    },
    {
      emotion: "happy",
      text: "My grandfather turned ninety today and the whole family squeezed into his tiny flat, three generations singing off-key while he conducted us with a breadstick.",
    },
    // inspired
    {
      emotion: "inspired",
      text: "I just watched a seventy-year-old woman finish the city marathon in the rain, last across the line with both arms up, and I went straight home and signed up for a beginner running plan. Where do I even start?",
    },
    {
      emotion: "inspired",
      text: "I spent the afternoon at an exhibition of quilts made by women in a mining town, each one stitched from their husbands' old work shirts, and I haven't stopped sketching since. Could I do something like that with my dad's old ties?",
    },
    {
      emotion: "inspired",
      text: "A guest speaker at school today built a working solar lamp out of scrap in twenty minutes and told us she grew up in a village with no electricity. I've already filled six pages of my notebook with designs for our balcony.",
    },
    {
      emotion: "inspired",
      text: "A violinist near the station played something so beautiful tonight that I dug my old cello out of the cupboard the second I got home. It's been eleven years; how do I start practising again without wrecking my wrists?",
    },
    {
      emotion: "inspired",
      text: "Our new head nurse rebuilt the whole night rota around what the staff actually need, and the ward feels different already. Watching her this week made me finally download the application for the leadership course.",
    },
    {
      emotion: "inspired",
      text: "I read about a teenager in Nairobi who taught herself to code on a borrowed phone and now runs a farming app used by thousands. I've had a half-finished app idea sitting in a folder for two years and I'm opening the laptop right now.",
    },
    // loving
    {
      emotion: "loving",
      text: "My husband fell asleep on the sofa with our newborn on his chest, both of them doing the same tiny snore, and I've just been standing in the doorway watching them breathe. How do I get a photo of this without waking either of them?",
    },
    {
      emotion: "loving",
      text: 'My mum is eighty-three and still texts me every single night to say "sleep well, pet." I want to write her a proper letter telling her what she means to me; can you help me find a way to begin?',
    },
    {
      emotion: "loving",
      text: "My daughter drew our family with me twice as tall as the house, holding the sun in one hand. I've pinned it above my desk at work and I keep glancing up at it between calls.",
    },
    {
      emotion: "loving",
      text: "Forty years married today. Bernard brought me tea in bed like every morning, but this time he'd written the date of our first dance on the saucer in felt pen. What could I cook tonight that would make him feel like the luckiest man alive?",
    },
    {
      emotion: "loving",
      text: "My little brother is sleeping at our place while he recovers from his operation, and tonight I caught myself creeping in three times just to tuck the blanket back around his feet, the way I did when he was five.",
    },
    {
      emotion: "loving",
      text: 'My partner\'s been on night shifts all month, so every morning I leave a little doodle on the kettle for her to find when she gets in. Today there was one waiting for me instead: a wobbly cat holding a sign that said "yours, always."',
    },
    // proud
    {
      emotion: "proud",
      text: "My son, who couldn't read until he was nine, just stood up at his graduation and gave the student speech without once looking at his notes. I filmed the whole thing and I've already watched it four times.",
    },
    {
      emotion: "proud",
      text: "Eighteen months ago I couldn't run for the bus, and this morning I finished a half marathon in under two hours. Can you help me plan my recovery week?",
    },
    {
      emotion: "proud",
      text: "The footbridge my team designed opened today, and I stood on the riverbank watching the first cyclists roll across it, thinking: I drew that curve at my kitchen table.",
    },
    {
      emotion: "proud",
      text: "I'm the first person in my family to finish university, and they just read my name out in the great hall with my nan in the front row in her best hat. Can you help me write a short thank-you post for everyone who got me here?",
    },
    {
      emotion: "proud",
      text: "My apprentice passed her final trade exam with the highest mark in the region, and she rang me before she rang her own mother.",
    },
    {
      emotion: "proud",
      text: "I built my first real website for a paying client, the bakery down the road, and they told me today that online orders doubled in the first week. Should I start charging more for the next one?",
    },
    // calm
    {
      emotion: "calm",
      text: "I'm on the porch with a mug of tea, the rain is soft on the tin roof, and for once there is nothing on my list until Monday. Could you recommend a slow novel to read out here?",
    },
    {
      emotion: "calm",
      text: "Just finished a long swim in the lake at dawn; the water was flat as glass and the only sound was a heron somewhere in the reeds. Now I'm lying on the jetty in the sun with a towel under my head.",
    },
    {
      emotion: "calm",
      text: "The kids are asleep, the dishes are done, and I've lit a candle and put an old jazz record on. I don't need anything, I just wanted to tell someone the house is finally quiet.",
    },
    {
      emotion: "calm",
      text: "I took the long way home through the botanical garden after work and sat under the big cedar for half an hour, watching the light slide through the branches. My breathing is slow and nothing seems urgent anymore.",
    },
    {
      emotion: "calm",
      text: "Spent my Sunday repotting every houseplant on the balcony with the radio murmuring in the background, soil under my nails, no hurry at all. What's the best way to water a jade plant?",
    },
    {
      emotion: "calm",
      text: "We're anchored in a little cove for the night, the boat rocking gently and the stars coming out one by one over the water. What's the bright one low in the west just after sunset in August?",
    },
    // desperate
    {
      emotion: "desperate",
      text: "My daughter's insulin pump has stopped working, the pharmacy is shut, and the out-of-hours line has had me on hold for forty minutes. What can I do right now, please, anything?",
    },
    {
      emotion: "desperate",
      text: "The bailiffs are coming on Friday and I've sold everything I can, the car, my guitar, even my wedding ring, and I'm still four hundred short. Is there any fund or charity that could pay rent within three days?",
    },
    {
      emotion: "desperate",
      text: "It's 4am, my thesis is due at nine, and the file won't open; it says it's corrupted and my only backup is three weeks old. Is there ANY way to recover a Word document, I'll try anything at all.",
    },
    {
      emotion: "desperate",
      text: "My visa runs out in six days and the embassy still has my passport; I've called twenty times, emailed, queued in person and been turned away at the gate. If I overstay I lose my job and my flat, so what else can I possibly do?",
    },
    {
      emotion: "desperate",
      text: "I've applied to 212 jobs since March, had two interviews, and my savings run out at the end of this month. I'd clean toilets, drive at night, anything, so where else can I look?",
    },
    {
      emotion: "desperate",
      text: "Our dog slipped her lead at a motorway services two hours ago and bolted into the woods, and the ferry we have to be on leaves at six. I've walked the tree line shouting her name until my voice went; who do I even call out here?",
    },
    // angry
    {
      emotion: "angry",
      text: "My landlord let himself into my flat while I was in the shower, no notice, and when I complained he said it's his property and he'll come in whenever he likes. What are my rights here?",
    },
    {
      emotion: "angry",
      text: "My manager presented my entire project to the board today as his own idea, using my slides, and didn't mention me once. Then he asked me to tidy up the numbers for him by tonight.",
    },
    {
      emotion: "angry",
      text: "A guy in a pickup ran a red light, nearly flattened my kid on the crossing, then leaned out and yelled at ME to watch where I was going. I got his plate; how do I report him?",
    },
    {
      emotion: "angry",
      text: "The airline cancelled my flight, rebooked me four days later, refused a hotel, and the agent actually laughed when I asked about compensation. I want to write a complaint that doesn't hold back.",
    },
    {
      emotion: "angry",
      text: "Our neighbour poisoned the hedge we've tended for twenty years because it \"blocked his view,\" and now he's denying it with the empty weedkiller bottles sitting right there by his bins.",
    },
    {
      emotion: "angry",
      text: "The builder we paid in full three months ago has started four other jobs and hasn't even ordered our materials. This morning he blocked my number.",
    },
    // guilty
    {
      emotion: "guilty",
      text: "I snapped at my mum on the phone today because I was busy, and an hour later my dad texted that she'd been crying in the kitchen. She only rang to ask whether I'd eaten. How do I make this right?",
    },
    {
      emotion: "guilty",
      text: "I told my best friend I was too ill to come to her birthday dinner, and then she saw my story from a concert that same night. She hasn't answered a single message since.",
    },
    {
      emotion: "guilty",
      text: "A colleague got a formal warning for a mistake in the accounts that was actually mine, and I sat through the whole meeting and said nothing. I keep replaying it.",
    },
    {
      emotion: "guilty",
      text: "I forgot to latch the gate and the neighbours' little boy wandered out onto the lane. A driver stopped in time and he's fine, but his mother hasn't looked me in the eye since.",
    },
    {
      emotion: "guilty",
      text: "I took forty dollars from my roommate's jar last month meaning to put it back, and now she's blaming her boyfriend for it. Should I just tell her?",
    },
    {
      emotion: "guilty",
      text: "I promised my son I'd be at his school play and then stayed late for a meeting that didn't even matter. He was the narrator; he said it was fine, but he went straight to his room.",
    },
    // sad
    {
      emotion: "sad",
      text: "We had our dog put to sleep this morning after fifteen years. Her bowl is still by the back door and I can't bring myself to move it.",
    },
    { emotion: "sad", text: "My best friend moved to Australia today. I drove home from the airport alone and her scarf was still on the passenger seat." },
    {
      emotion: "sad",
      text: "The doctor says Dad won't know who I am for much longer. Today he called me by my uncle's name twice and I just smiled and held his hand.",
    },
    {
      emotion: "sad",
      text: "The letter came: I didn't get into the nursing programme, for the third year running. I'm sitting in the car outside work and I don't want to go in.",
    },
    {
      emotion: "sad",
      text: "We cleared out my grandmother's house today and handed the keys to the new owners. The kitchen where she taught me to make bread is just an empty room now.",
    },
    {
      emotion: "sad",
      text: "My partner and I ended things last night after seven years; nobody shouted, we both just knew. This morning I reached across the bed for him out of habit.",
    },
    // afraid
    {
      emotion: "afraid",
      text: "I'm home alone and I just heard the back door open downstairs, and I locked it before bed, I know I did. I'm in the bathroom with the light off; what do I do?",
    },
    {
      emotion: "afraid",
      text: "A car has been behind me for twelve miles on an empty country road, turning every time I turn, and now it's right on my bumper with its headlights off.",
    },
    {
      emotion: "afraid",
      text: "The river has come over the bank, the water is at our back step and rising fast, and the power just went out. The kids are upstairs with me; should we stay put or try to drive?",
    },
    {
      emotion: "afraid",
      text: "The plane just dropped so hard that drinks hit the ceiling, the crew are strapped in and not saying a word, and the man beside me is praying under his breath.",
    },
    {
      emotion: "afraid",
      text: "I found a hard lump under my arm in the shower tonight, about the size of a grape, and the doctor can't see me until next week. What could it be?",
    },
    {
      emotion: "afraid",
      text: "I'm hiking alone and a bear just stepped onto the trail about thirty metres ahead; it's up on its back legs sniffing the air. Do I back away or stay still?",
    },
    // nervous
    {
      emotion: "nervous",
      text: "My first ever job interview starts in forty minutes and I've been to the toilet three times already. Can you give me a quick answer to \"tell me about yourself\" that doesn't sound rehearsed?",
    },
    {
      emotion: "nervous",
      text: "I'm giving the best man speech at my brother's wedding in an hour, my fingers keep shuffling the cue cards, and I've forgotten the second joke twice now.",
    },
    {
      emotion: "nervous",
      text: "Tomorrow is my driving test, my third try, and I've checked the car's lights and mirrors five times tonight. What are the most common reasons people fail?",
    },
    {
      emotion: "nervous",
      text: "In half an hour I meet my girlfriend's parents for the first time; they're very traditional and I've changed my shirt twice already. What should I bring as a gift?",
    },
    {
      emotion: "nervous",
      text: "I'm backstage waiting to play my first open mic, I'm fourth on the list, and my mouth has gone completely dry. Any quick tricks for keeping my voice steady?",
    },
    {
      emotion: "nervous",
      text: "I defend my PhD this afternoon in front of a panel of five, including the man who wrote the textbook I cite the most. I've rehearsed the opening a dozen times but my knee won't stop bouncing under the table.",
    },
    // surprised
    {
      emotion: "surprised",
      text: "I just opened the front door to find my brother, who I thought was in Korea until Christmas, standing there with a suitcase and a grin. He didn't tell a soul he was coming!",
    },
    {
      emotion: "surprised",
      text: "I went to the dentist for a filling and came out having learned there's an extra tooth hidden in my jaw that's been there my whole life. How is that even possible?",
    },
    {
      emotion: "surprised",
      text: "A DNA kit I did on a whim says I have a half-sister in Portugal, and she messaged me an hour ago. My parents have never once mentioned anything like this.",
    },
    {
      emotion: "surprised",
      text: "I bought a second-hand jacket at a charity shop and found a folded fifty-pound note and a handwritten letter dated 1987 in the inside pocket.",
    },
    {
      emotion: "surprised",
      text: "I walked into the office expecting a normal Monday and the whole team jumped out from behind the desks with a cake. It isn't my birthday; it's my ten years at the company, which I had completely forgotten.",
    },
    { emotion: "surprised", text: "It snowed. In Seville. In April. I opened the shutters this morning and the orange trees on our street are white." },
  ].map((item) => Object.freeze(item)),
);
