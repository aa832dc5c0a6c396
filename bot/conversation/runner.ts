/** Runs dialogs for a turn: a step, its state into the profile, its replies out, then its effects in order. */
import type { Lang } from '../shared/languages.ts';
import type { AnyDialog } from './dialogs/index.ts';
import type { Effect } from './dialogs/dialog.ts';
import type { Speaker } from './speaker.ts';
import type { Turn } from './turn.ts';

export interface RunnerHooks {
  /** The emergency reply, then a person (one place for it: emergency.ts through the bot). */
  emergency(turn: Turn, lang: Lang): Promise<void>;
  screenerResult?(topics: readonly string[]): void;
}

export class DialogRunner {
  private readonly byId = new Map<string, AnyDialog>();

  constructor(
    dialogs: readonly AnyDialog[],
    private readonly speaker: Speaker,
    private readonly hooks: RunnerHooks,
  ) {
    for (const d of dialogs) {
      if (this.byId.has(d.id)) throw new Error(`Two dialogs have the id "${d.id}".`);
      this.byId.set(d.id, d);
    }
  }

  get<D extends AnyDialog = AnyDialog>(id: string): D {
    const dialog = this.byId.get(id);
    if (!dialog) throw new Error(`No dialog "${id}" is registered.`);
    return dialog as D;
  }

  /** The dialogs that take messages of their own (buttons, claimed phrases, typed answers), in registry order. */
  conversational(): AnyDialog[] {
    return [...this.byId.values()].filter((d) => d.claim || d.typed);
  }

  async start(turn: Turn, id: string, lang: Lang = turn.lang): Promise<void> {
    return this.run(turn, id, this.get(id).start(lang, turn.dialogTurn()), lang);
  }

  async run(turn: Turn, id: string, input: unknown, lang: Lang = turn.lang): Promise<void> {
    const dialog = this.get(id);
    if (dialog.route) turn.route(dialog.route);
    const step = await dialog.step(lang, turn.dialogState(id), input, turn.dialogTurn());
    turn.setDialogState(id, step.state);
    await turn.send(...step.replies);
    for (const effect of step.effects ?? []) await this.apply(turn, effect, lang);
  }

  private async apply(turn: Turn, effect: Effect, lang: Lang): Promise<void> {
    switch (effect.kind) {
      case 'emergency':
        return this.hooks.emergency(turn, lang);
      case 'offerPerson':
        return turn.send(this.speaker.offerPerson(lang, effect.reason));
      case 'start':
        return this.start(turn, effect.dialog, lang);
      case 'run':
        return this.run(turn, effect.dialog, effect.input, effect.lang ?? lang);
      case 'profile':
        turn.update(effect.change);
        return;
      case 'route':
        turn.route(effect.route);
        return;
      case 'screenerResult':
        this.hooks.screenerResult?.(effect.topics);
    }
  }
}
