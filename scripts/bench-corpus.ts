/**
 * A seeded, repeatable corpus for the knowledge benchmarks: chunk-like texts and short queries
 * drawn with Zipf-like word frequencies from a fixed word list, so every run sees the same data.
 */
const WORDS = `the of and to in a is that for it as with be on not this by are or from at which but an have
all they more one can has will their if other about there when use so what been into than only its some would
these any each make new also may such must should file code test team agent task build release deploy service
server client request response error retry timeout queue message event stream subject consumer producer vote
rating review reviewer approval quality threshold standard guide design principle pattern module package
function method class interface type schema contract payload field value key index collection vector search
query filter score rank result document chunk heading section paragraph markdown json artifact config variable
environment secret token credential permission sandbox container image registry pipeline workflow branch commit
merge conflict patch diff version tag changelog migration database table column record transaction lock cache
memory disk network latency throughput bandwidth capacity scale replica shard partition cluster node leader
follower election heartbeat failure fallback breaker backoff jitter budget limit quota window metric trace span
log level warning debug audit alert incident outage recovery rollback snapshot backup restore checkpoint resume
parser tokenizer compiler runtime interpreter debugger profiler benchmark fixture mock stub fake spy assertion
coverage regression integration unit acceptance smoke performance security privacy compliance license policy
documentation tutorial example reference overview summary introduction appendix glossary diagram table list
user customer developer operator maintainer contributor owner author editor reader writer speaker listener
quickly slowly carefully rarely often always never sometimes usually later earlier today tomorrow yesterday
small large short long early late simple complex clear vague stable flaky robust fragile secure unsafe public
private internal external local remote shared isolated explicit implicit strict lenient optional required
write read update delete create remove rename move copy merge split join sort group count measure compare
validate verify check ensure handle retry publish subscribe acknowledge reject approve escalate notify observe
river mountain garden kitchen window winter summer autumn spring morning evening letter story music market
bridge harbor island forest desert valley village city station airport library museum theater hospital school`
  .split(/\s+/)
  .filter(Boolean);

/** mulberry32: tiny, seeded, good enough to make text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words drawn with Zipf-like frequencies (rank r ∝ 1/r), as in real prose. */
function wordSampler(random: () => number): () => string {
  const weights = WORDS.map((_, r) => 1 / (r + 1));
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative.at(-1)!;
  return () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return WORDS[lo]!;
  };
}

/** Chunk-like texts of 300–800 characters: sentences of 6–16 words. */
export function generateChunks(count: number, seed = 42): string[] {
  const random = rng(seed);
  const word = wordSampler(random);
  return Array.from({ length: count }, () => {
    const target = 300 + Math.floor(random() * 501);
    let text = "";
    while (text.length < target) {
      const words = Array.from({ length: 6 + Math.floor(random() * 11) }, word);
      const sentence = words.join(" ");
      text += `${text ? " " : ""}${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`;
    }
    return text.slice(0, 800);
  });
}

/** 2–4 content words per query, from below the most common hundred, as people search. */
export function generateQueries(count: number, seed = 7): string[] {
  const random = rng(seed);
  const content = WORDS.slice(60);
  return Array.from({ length: count }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => content[Math.floor(random() * content.length)]!).join(
      " ",
    ),
  );
}
