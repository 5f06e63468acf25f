/**
 * Names for runs and logged models created without one, in MLflow's shape
 * `<adjective>-<animal>-<0..999>` (`brave-otter-42`): short, readable, and unlikely to
 * repeat within an experiment.
 */
import { randomInt } from 'node:crypto';

// prettier-ignore
const ADJECTIVES = [
  'agile', 'amber', 'ancient', 'bold', 'brave', 'bright', 'brisk', 'calm', 'careful', 'clever',
  'cosmic', 'crisp', 'curious', 'daring', 'dapper', 'eager', 'earnest', 'electric', 'fearless',
  'fierce', 'gentle', 'gleaming', 'golden', 'graceful', 'handsome', 'honest', 'humble', 'jolly',
  'keen', 'kind', 'lively', 'loyal', 'lucky', 'merry', 'mighty', 'misty', 'nimble', 'noble',
  'patient', 'placid', 'polished', 'proud', 'quick', 'quiet', 'radiant', 'rapid', 'resolute',
  'rustic', 'serene', 'sharp', 'shiny', 'silent', 'sleek', 'smiling', 'spirited', 'steady',
  'stellar', 'sturdy', 'sunny', 'swift', 'tender', 'thoughtful', 'tidy', 'valiant', 'vivid',
  'warm', 'wise', 'witty', 'zealous',
] as const;

// prettier-ignore
const ANIMALS = [
  'albatross', 'alpaca', 'badger', 'bat', 'bear', 'beaver', 'bison', 'boar', 'buffalo', 'camel',
  'cat', 'cheetah', 'cod', 'crab', 'crane', 'crow', 'deer', 'dolphin', 'donkey', 'dove', 'duck',
  'eagle', 'eel', 'elk', 'falcon', 'ferret', 'finch', 'fox', 'frog', 'gazelle', 'gecko', 'goat',
  'goose', 'gull', 'hare', 'hawk', 'hen', 'heron', 'horse', 'hound', 'ibis', 'jackal', 'jay',
  'koala', 'lark', 'lemur', 'lion', 'llama', 'lynx', 'mole', 'moose', 'moth', 'mouse', 'newt',
  'owl', 'ox', 'panda', 'panther', 'parrot', 'pelican', 'penguin', 'pig', 'pony', 'quail',
  'rabbit', 'raven', 'robin', 'salmon', 'seal', 'shark', 'sheep', 'shrew', 'skunk', 'sloth',
  'snail', 'sparrow', 'squid', 'stag', 'stoat', 'swan', 'tapir', 'tiger', 'toad', 'trout',
  'turtle', 'vole', 'walrus', 'wasp', 'whale', 'wolf', 'wombat', 'wren', 'yak', 'zebra',
] as const;

/** A random `adjective-animal-number` name; `random(n)` returns an integer in [0, n). */
export function generateRunName(random: (n: number) => number = randomInt): string {
  const adjective = ADJECTIVES[random(ADJECTIVES.length)] ?? ADJECTIVES[0];
  const animal = ANIMALS[random(ANIMALS.length)] ?? ANIMALS[0];
  return `${adjective}-${animal}-${random(1000)}`;
}
