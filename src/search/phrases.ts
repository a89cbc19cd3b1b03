/**
 * Everyday phrasings rewritten into the word the notes would use, before a
 * question is split into words. Data: add a line when a real question misses.
 * Patterns run over lowercased text padded with spaces.
 */
export const PHRASES: readonly (readonly [RegExp, string])[] = [
  // framing that carries no topic
  [/\b(?:find|figure|work) out\b/g, ''],
  [/\bis there (?:a|any) way to\b/g, ''],
  [/\bhow come\b/g, ''],
  [/\bset(?:ting)? up\b/g, ''],
  // "What command/flag …" frames the question; the command is what it asks for, not what it is about.
  [/\b(?:what|which) (?:docker )?(?:command|flag|option|switch)s? (?:do i use|should i use|can i use|do i need|tells? me|shows? me|lets? me|is used|would i use)?(?: to)?\b/g, ''],
  [/\bwhat'?s the point of\b/g, ''],
  // ways of saying a Docker verb
  [/\bget(?:ting)? out of\b/g, 'exit'],
  [/\b(?:straight|right) away\b|\bimmediately\b|\bas soon as it starts\b/g, 'immediately'],
  [/\blog(?:ging)? ?in(?:to)?\b|\bsign(?:ing)? in(?:to)?\b/g, 'login'],
  [/\bclean(?:ing)? ?up\b/g, 'cleanup remove'],
  [/\b(?:shell|ssh|get|jump|hop|log|drop) (?:into|inside)\b/g, 'exec shell'],
  [/\b(?:get|open|start|run) an? (?:shell|terminal|bash|prompt)\b/g, 'exec shell'],
  [/\b(?:spin|fire|start)(?:s|ning|ed)? up\b/g, 'run start'],
  [/\bin the background\b/g, 'background detach'],
  // Classic Docker questions in their everyday wording.
  [/\brun(?:ning)? (?:a |some |the |my )?commands? (?:in|inside|within|on) (?:an? |the |my )?(?:already |currently )?running container/g, 'exec command running container'],
  [/\b(?:see|read|view|get|show|check|watch) (?:the |its |my |a )?(?:output|stdout|stderr|console output) of\b/g, 'logs stdout of'],
  [/\b(?:keeps?|kept) (?:exiting|stopping|dying|restarting|crashing)\b|\b(?:exits?|stops?|dies|quits?) (?:right away|immediately|straight away|instantly|at once)\b|\bwon'?t stay (?:up|running)\b/g, 'exit process terminate'],
  [/\bmulti ?stage\b/g, 'multi stage'],
  [/\bdocker-compose\b/g, 'docker compose'],
  [/\bport ?forward(?:ing)?\b/g, 'port mapping'],
  [/\bdisk space\b/g, 'space cleanup'],
  [/\b(?:current|present|working) (?:working )?(?:directory|folder|dir)\b|\bcwd\b/g, 'pwd'],
  [/\bnon-?root\b/g, 'root user'],
];
