import { QuizStoreError, type QuizStore } from '../../src/quiz/quiz-store.js';

/**
 * Stands in for the quiz's store when its database could not be opened: every
 * call fails with the reason, so quiz commands say the quiz is unavailable
 * while answers and the sandbox carry on. (A Proxy: the interface has many
 * methods and all of them do the same thing here.)
 */
export function unavailableQuizStore(reason: string): QuizStore {
  return new Proxy({} as QuizStore, {
    get: () => () => Promise.reject(new QuizStoreError('down', reason)),
  });
}
