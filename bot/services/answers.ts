/**
 * The text of a knowledge answer, composed once for the bot and for the agent who sends it: the
 * reviewed answer in the language asked for, with the official link when the answer lacks it.
 */
import type { Topic } from '../knowledge/schemas.ts';
import type { Lang } from '../shared/languages.ts';

export interface TopicAnswer {
  title: string;
  /** The answer with its link. */
  text: string;
}

export function topicAnswer(topic: Topic, lang: Lang): TopicAnswer {
  const block = topic.languages[lang];
  return {
    title: block.title,
    text: block.answer.includes(topic.link) ? block.answer : `${block.answer}\n\n${topic.link}`,
  };
}
