import { describe, expect, it } from 'vitest';
import { answerJson } from '../../src/answer/answer-json.js';
import { answerQuestion } from '../../src/answer/compose-answer.js';
import { notesKnowledge } from '../support/notes.js';

/** Messages typed the way a team writes in chat, notes only (no reference fallback). */
const ask = async (message: string) => answerJson(answerQuestion((await notesKnowledge()).index, message));

describe('a chat message read as people write it', () => {
  it('answers the same with or without mentions, greetings, thanks and emoji', async () => {
    const plain = await ask('how do I tail the logs of a container');
    for (const message of [
      '<@U024BE7LH> how do I tail the logs of a container',
      '@wharfie hey! how do I tail the logs of a container? thanks 🙏',
      'hi all 👋 quick q — how do I tail the logs of a container?? ty',
    ]) {
      const json = await ask(message);
      expect(json.found, message).toBe(true);
      expect(json.answer?.title, message).toBe(plain.answer?.title);
    }
    expect(plain.answer?.title).toBe('Logging');
  });

  it('answers a long message whose question is buried in the story, and a long message never loses the answer', async () => {
    const question = 'how do I make two containers reach each other by name?';
    const long =
      'Context: we are moving our API and its database off a shared VM onto containers, one service at a time. ' +
      'The API used to talk to the database on localhost and we would rather not rewrite the config for every environment. ' +
      'The team lead wants it done this sprint and I have a demo on Thursday. ' +
      `So, ${question} ` +
      'Thanks a lot, it has been a long week and the coffee machine is broken again.';
    const short = await ask(question);
    const json = await ask(long);
    expect(short.answer?.title).toBe('Networking');
    expect(json.found).toBe(true);
    expect(json.answer?.title).toBe('Networking');
  });

  it('takes a pasted command and its error as strong evidence', async () => {
    const json = await ask('```\n$ docker run -d -p 5432:5432 postgres\nError response from daemon: port is already allocated\n```\nwhy??');
    expect(json.found).toBe(true);
    expect(json.answer?.title).toBe('Port Mapping');
  });

  it('refuses for a reason, not for length: a message with no sign of Docker and no good match', async () => {
    for (const message of ['how do i exit vim without saving 😅', 'anyone got a good banana bread recipe? team potluck is friday 🍌']) {
      expect((await ask(message)).found, message).toBe(false);
    }
  });

  it('reads a misspelt filler word as filler, not as a topic the notes lack', async () => {
    // "wich" is one letter from "which", "detials" from "details", "rn" is chat for "right now".
    const typed = await ask('how do i list all the volumns and see the detials of one');
    const spelt = await ask('how do i list all the volumes and see the details of one');
    expect(typed.found).toBe(true);
    expect(typed.answer?.title).toBe(spelt.answer?.title);
    expect(typed.answer?.title).toBe('Volumes');
    expect((await ask('wich containrs are runing rn')).found).toBe(true);
  });

  it('reads a rarer real word as itself, not as a typo of a word the notes use', async () => {
    // "shed" is not a misspelt "shell" (nor "shipping" a misspelt "stopping"): both messages are off-topic.
    for (const message of ['how long does it take to build a garden shed', 'our shed roof is leaking again']) {
      expect((await ask(message)).found, message).toBe(false);
    }
    // A real word may still be read as another form of itself: "instructor" meets the notes' "instruction".
    expect((await ask('which dockerfile instructor runs at build time?')).found).toBe(true);
  });

  it('needs more than a word shared with everyday life before it answers: a CSS container, a JPG image', async () => {
    for (const message of [
      'how do I center a div inside a flex container in CSS?',
      'how do I convert HEIC photos to JPG image files on a Mac?',
    ]) {
      expect((await ask(message)).found, message).toBe(false);
    }
    // The same words with a sign of Docker are answered.
    expect((await ask('how do I list the volumes docker made')).answer?.title).toBe('Volumes');
    expect((await ask("what is a layer in a docker image")).found).toBe(true);
  });

  it('says "not in the notes" when the message asks about a Docker command the notes never use', async () => {
    for (const message of ['how do I use docker stats to watch memory?', 'can docker swarm keep my db password as a secret?']) {
      const json = await ask(message);
      expect(json.found, message).toBe(false);
      expect(json.suggestions.length).toBeGreaterThan(0);
    }
  });

  it('says how sure it is: strong for a clear question, unsure with two next candidates when close', async () => {
    const clear = await ask('docker volume create');
    expect(clear.confidence).toBe('strong');
    expect(clear.alternatives).toEqual([]);
    const close = await ask('erase all containers');
    expect(close.found).toBe(true);
    expect(close.confidence).toBe('unsure');
    expect(close.alternatives.length).toBe(2);
    expect([close.answer?.title, ...close.alternatives.map((a) => a.title)]).toContain('Container management');
  });
});
