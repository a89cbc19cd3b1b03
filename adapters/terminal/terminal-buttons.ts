import { decodeAction } from '../../src/actions.js';
import { LETTERS } from '../../src/quiz/quiz-replies.js';
import type { Button, Reply } from '../../src/reply.js';

/** What a typed line means to the buttons on screen. */
export type Press =
  /** The line presses a button: send this action. */
  | { readonly action: string }
  /** The line looks like a press but there is nothing to press: say why. */
  | { readonly missing: string }
  /** Not a press: the line is a question or a command. */
  | null;

/** A reply as the terminal shows it: other buttons numbered from `firstNumber`, quiz choices by letter. */
export interface ShownReply {
  readonly reply: Reply;
  readonly firstNumber: number;
  /** The reply was a quiz question: type its letter to answer. */
  readonly letters: readonly string[];
}

const NUMBER = /^#?(\d{1,2})$/;
const LETTER = /^([a-d])[).]?$/i;

const isQuizAnswer = (button: Button): boolean => decodeAction(button.action)?.type === 'quiz-answer';

/**
 * The terminal's buttons. Numbers press the buttons of the replies shown last
 * (they change with every reply). A quiz question's choices are letters and
 * outlive other replies: A–D answers the last question shown until another
 * question replaces it; the core says when it has closed.
 */
export class TerminalButtons {
  private numbered: string[] = [];
  private quiz: string[] = [];

  /** New replies to the user's line: their buttons replace the numbered ones. */
  shown(replies: readonly Reply[]): ShownReply[] {
    this.numbered = [];
    return replies.map((reply) => this.add(reply));
  }

  /** A reply that arrived on its own (a scheduled quiz): its buttons join those on screen. */
  posted(reply: Reply): ShownReply {
    return this.add(reply);
  }

  press(line: string): Press {
    const number = NUMBER.exec(line);
    if (number) {
      const n = Number(number[1]);
      const action = this.numbered[n - 1];
      if (action) return { action };
      const range = this.numbered.length === 0 ? 'no buttons are showing' : this.numbered.length === 1 ? 'the only button is 1' : `the buttons are 1–${this.numbered.length}`;
      return { missing: `There is no button ${n}: ${range}.` };
    }
    const letter = LETTER.exec(line);
    if (letter) {
      const index = LETTERS.indexOf(letter[1]!.toUpperCase() as (typeof LETTERS)[number]);
      if (this.quiz.length === 0) return { missing: 'No quiz question is open here. `/docker quiz` asks one.' };
      const action = this.quiz[index];
      if (action) return { action };
      return { missing: `The quiz choices are ${LETTERS.slice(0, this.quiz.length).join(', ')}.` };
    }
    return null;
  }

  private add(reply: Reply): ShownReply {
    const quizButtons = reply.buttons.filter(isQuizAnswer);
    const others = reply.buttons.filter((b) => !isQuizAnswer(b));
    const firstNumber = this.numbered.length + 1;
    this.numbered.push(...others.map((b) => b.action));
    if (quizButtons.length > 0) this.quiz = quizButtons.map((b) => b.action);
    return { reply: { ...reply, buttons: others }, firstNumber, letters: quizButtons.map((b) => b.label) };
  }
}
