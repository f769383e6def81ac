/**
 * Realignment as teams do it: today's plan, then a rep leaves, then one joins, then the band tightens, each
 * with as few accounts moved as balance allows, and what each change moves.
 *   npx tsx examples/realign.ts
 */
import { readFileSync } from 'node:fs';
import { addRep, designTerritories, rebalance, removeRep } from '../src/index.js';
import type { Account, Rep } from '../src/types.js';

const accounts = JSON.parse(readFileSync(new URL('./data/us-accounts.json', import.meta.url), 'utf8')) as Account[];
const reps = JSON.parse(readFileSync(new URL('./data/us-reps.json', import.meta.url), 'utf8')) as Rep[];
const options = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 42 };

const input = { accounts, reps };
const today = { input, plan: await designTerritories(input, options) };
const had = today.plan.assignments.filter((a) => a.repId === 'R-07').length;
console.log(`today: ${reps.length} reps, in band: ${today.plan.metrics.feasible ? 'yes' : 'no'}`);

const unchanged = await rebalance(today, options);
console.log(`rebalance, nothing changed: ${unchanged.diff.summary}`);

const left = await removeRep(today, 'R-07', options);
console.log(`R-07 leaves (had ${had} accounts): ${left.diff.summary}; in band: ${left.plan.metrics.feasible ? 'yes' : 'no'}`);

const joined = await addRep(left, { id: 'R-21', home: { lat: 39.74, lon: -104.99 } }, options);
const got = joined.plan.assignments.filter((a) => a.repId === 'R-21').length;
console.log(`R-21 joins in Denver (gets ${got} accounts): ${joined.diff.summary}; in band: ${joined.plan.metrics.feasible ? 'yes' : 'no'}`);

const tighter = await rebalance(joined, { ...options, tolerance: 0.03 });
console.log(`band tightened to +-3%: ${tighter.diff.summary}; in band: ${tighter.plan.metrics.feasible ? 'yes' : 'no'}`);
const biggest = [...(tighter.plan.metrics.disruption?.perRep ?? [])].sort((a, b) => b.gained + b.lost - (a.gained + a.lost))[0];
if (biggest) console.log(`most changed rep: ${biggest.repId} (+${biggest.gained} / -${biggest.lost} accounts)`);
