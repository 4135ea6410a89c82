// The named random streams (src/util/randomStreams.ts) carry the project's determinism: these tests
// pin their keys' first draws to the values every run so far was made with (computed from the
// literal keys before the streams were named), and prove that no two salts collide.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import {
  GENERATOR_STREAM_WORDS,
  STREAM_SALTS,
  type StreamKey,
  randomStreams as s,
} from "../../src/util/randomStreams.js";

function firstDraws(key: StreamKey): [number, number] {
  const rng = new Rng(key);
  return [rng.nextUint32(), rng.nextUint32()];
}

test("named streams draw exactly what their literal keys drew before they were named", () => {
  const pinned: [string, StreamKey, [number, number]][] = [
    ["rollout", s.rollout(7), [3418829606, 3949260304]],
    ["rewardGoal", s.rewardGoal(7), [163814648, 646492542]],
    ["mazeRollout", s.mazeRollout(7), [3603067446, 2783936877]],
    ["dataScore", s.dataScore([7, 3]), [2299476907, 3933016338]],
    ["probeStates", s.probeStates(7), [2777599581, 3042726454]],
    ["evaluationEpisode", s.evaluationEpisode(7, 5000, 2), [2370100213, 3365902901]],
    ["loop", s.loop(7), [3764700772, 1007801506]],
    ["upsample", s.upsample(7), [3916675934, 326547123]],
    ["atradiffAugmentation buffer", s.atradiffAugmentation(7, "augmentedBuffer"), [3311466536, 395243446]],
    ["atradiffAugmentation probe", s.atradiffAugmentation(7, "lengthProbe"), [3155321937, 4034045374]],
    ["syntherRetrain", s.syntherRetrain(7, 2), [3884299744, 3414085771]],
    ["syntherRegeneration", s.syntherRegeneration(7, 2), [660813412, 2129822111]],
    ["generationBatch", s.generationBatch(7, 3), [2031377131, 995138803]],
    ["diffuserInit", s.diffuserInit(7, 2), [694995236, 2746058517]],
    ["diffuserTraining", s.diffuserTraining(7, 2), [2563586456, 1193960774]],
    ["lengthEstimatorInit", s.lengthEstimatorInit(7), [705003168, 2690849788]],
    ["lengthEstimatorTraining", s.lengthEstimatorTraining(7), [990395173, 3972843309]],
    ["plausibilityGate", s.plausibilityGate(7), [157310066, 3999871100]],
    ["prunerCalibration", s.prunerCalibration(7, 3), [661063636, 291483529]],
    ["syntherBatches", s.syntherBatches(7), [2082886756, 3054189682]],
  ];
  for (const [name, key, draws] of pinned) assert.deepEqual(firstDraws(key), draws, name);
});

test("every salt is distinct and is the ASCII word its stream is named by", () => {
  const salts = Object.values(STREAM_SALTS);
  assert.equal(new Set(salts).size, salts.length);
  for (const salt of salts) assert.ok(salt > 0xffffff && salt <= 0xffffffff, `0x${salt.toString(16)}`);
});

test("salted streams of one seed never share a key", () => {
  const keys = [
    s.rollout(7),
    s.mazeRollout(7),
    s.rewardGoal(7),
    s.dataScore([7]),
    s.probeStates(7),
    s.loop(7),
    s.upsample(7),
    s.evaluationEpisode(7, 0, 0),
    s.atradiffAugmentation(7, "augmentedBuffer"),
    s.atradiffAugmentation(7, "adaptation"),
    s.atradiffAugmentation(7, "generatorWorkers"),
    s.atradiffAugmentation(7, "lengthProbe"),
    s.syntherRetrain(7, 0),
    s.syntherRegeneration(7, 0),
    s.generationBatch(7, 0),
  ].map((k) => k.join(","));
  assert.equal(new Set(keys).size, keys.length);
});

test("the generator's training streams are distinct for the paper's five window lengths", () => {
  const windows = 5;
  const keys: string[] = [];
  for (let i = 0; i < windows; i++)
    keys.push(s.diffuserInit(0, i).join(), s.diffuserTraining(0, i).join(), s.prunerCalibration(0, i).join());
  keys.push(
    s.lengthEstimatorInit(0).join(),
    s.lengthEstimatorTraining(0).join(),
    s.plausibilityGate(0).join(),
  );
  assert.equal(new Set(keys).size, keys.length);
  // The fixed words lie above every diffuser stage of a generator with up to 100 window lengths.
  assert.ok(Object.values(GENERATOR_STREAM_WORDS).every((w) => w >= 100));
});
