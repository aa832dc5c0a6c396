/**
 * Every number the routing decision depends on, in one place. Tuned on test/eval/ and pinned by
 * test/understanding/decide.test.ts (the decision table) and the floors of
 * test/understanding/evalFloors.test.ts; change them together with those.
 */
export const MATCH = {
  /** fuse.js options for correcting one word against a language's vocabulary. */
  fuse: { threshold: 0.34, ignoreLocation: true, minMatchCharLength: 2, isCaseSensitive: false },
  /** Words shorter than this are never corrected: too many short words are one letter apart. */
  minCorrectLength: 4,
  /** fuse.js score (0 = exact, 1 = nothing alike) up to which a correction is used. */
  maxCorrectionScore: 0.34,
  /** Unknown words of one message that are looked up for a correction, at most. */
  maxCorrectionsPerMessage: 6,
  /** fuse.js hits checked for a whole-word match when correcting a word. */
  correctionCandidates: 8,
  /** Weight of a corrected word's features against those of a word as written. */
  correctionWeight: 0.5,
  /** Weight given to an intent's centroid against its closest single variant. */
  centroidWeight: 0.8,
  /** Query features rarer than this (inverse document frequency over intents) are not looked up. */
  minQueryIdf: 0.3,
  /** What an n-gram the content never uses weighs in the message's length. */
  unknownFeatureIdf: 2,
} as const;

export const DECIDE = {
  /** Below this score nothing fits: fall back with suggestions. */
  minimum: 0.15,
  /** A fallback suggests only topics scoring at least this (gibberish gets no topic guesses). */
  suggest: 0.05,
  /**
   * The best candidate is answered when it scores at least this many times the runner-up (of
   * another route); otherwise the user is asked to choose between those within this ratio.
   */
  dominance: 1.1,
  /** Buttons offered when clarifying. */
  maxChoices: 3,
  /** A topic scoring at least this share of the answer's score is one the message is also about. */
  relatedRatio: 0.5,
} as const;

export const LANGUAGE = {
  /** Confidence at which a message counts as clearly written in a language. */
  clear: 0.9,
  /** Confidence at which an unsupported language is believed (else the message is treated as the conversation's language). */
  unsupported: 0.75,
  /** Fewer letters than this ("hm", "ok") never count as a language we do not support. */
  minLettersForUnsupported: 4,
  /** A one-word message matching our content at least this well is not taken for an unsupported language. */
  knownWordScore: 0.5,
  /** Messages clearly in another supported language, in a row, that switch the conversation. */
  switchAfter: 2,
} as const;

/**
 * The emergency score (content/safety-training/): a clear emergency, or a possible one that the
 * bot checks with a question. Set by cross-validation on the training examples
 * (`npm run safety:tune`), never on test/eval/.
 */
export const SAFETY = {
  /** Weight of a kind's centroid against its closest example. */
  centroidWeight: 0.2,
  /** The kind's score, and its lead over the best ordinary reading, for a clear emergency. */
  clearScore: 0.5,
  clearMargin: 0.15,
  /** The same for a possible one (the check-in). */
  possibleScore: 0.2,
  possibleMargin: 0,
  /**
   * A pattern hit is clear unless the kind's score trails the ordinary reading by more than this
   * (then it is a check-in). Phrases (inflections and typos) are looser than concepts.
   */
  phraseGuard: -0.1,
  conceptGuard: -0.25,
} as const;

/** Specific answers inside a topic, and follow-up questions in the conversation's context. */
export const FACET = {
  /** A facet's own question variants win over the generic cues from this score on. */
  questionScore: 0.45,
  /** A message of at most this many words that asks for a facet and names no topic is a follow-up. */
  followUpWords: 12,
  /** The conversation's topic is forgotten after this many minutes without a message. */
  contextMinutes: 30,
  /** …or after this many messages about something else. */
  contextTurns: 4,
} as const;

/** Long messages: a story around a question. */
export const LONG = {
  /** From this many words, the question sentences decide and the story informs. */
  words: 22,
  /** At most this many clauses of a message are looked at alone for a request for a person. */
  personClauses: 8,
} as const;
