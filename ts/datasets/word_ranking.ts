import { InternalError } from '../errors';

/**
 * Builds a frequency-ranked vocabulary in one pass over the training texts: each new word gets a
 * provisional id in order of first appearance and a count; ranking then sorts the ids by count
 * (descending), ties kept in first-appearance order (a stable sort). Texts are stored as id
 * arrays, so each text is tokenised once and no per-word strings are kept.
 */
export class WordRanking {
  private readonly ids = new Map<string, number>();
  private readonly counts: number[] = [];
  private rankOfId?: Int32Array;

  /** Ids of `words`, adding and counting them: use on training texts only. */
  addTrainingText(words: readonly string[]): Int32Array {
    if (this.rankOfId) throw new InternalError('WordRanking: training texts must all be added before ranking');
    const out = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) {
      let id = this.ids.get(words[i]);
      if (id === undefined) {
        id = this.counts.length;
        this.ids.set(words[i], id);
        this.counts.push(0);
      }
      this.counts[id]++;
      out[i] = id;
    }
    return out;
  }

  /** Ids of `words` without counting them; −1 for words never seen in training. */
  lookup(words: readonly string[]): Int32Array {
    const out = new Int32Array(words.length);
    for (let i = 0; i < words.length; i++) out[i] = this.ids.get(words[i]) ?? -1;
    return out;
  }

  /** Replaces provisional ids by 1-based frequency ranks in place (−1 stays −1). */
  toRanks(ids: Int32Array): Int32Array {
    const rank = this.ranks();
    for (let i = 0; i < ids.length; i++) if (ids[i] >= 0) ids[i] = rank[ids[i]];
    return ids;
  }

  /** Word → 1-based rank (1 = most frequent), in rank order: Keras's `get_word_index()`. */
  wordIndex(): Map<string, number> {
    const rank = this.ranks();
    const byRank = new Array<string>(this.counts.length);
    for (const [word, id] of this.ids) byRank[rank[id] - 1] = word;
    return new Map(byRank.map((word, i) => [word, i + 1]));
  }

  private ranks(): Int32Array {
    if (!this.rankOfId) {
      const order = Array.from(this.counts.keys()).sort((a, b) => this.counts[b] - this.counts[a] || a - b);
      this.rankOfId = new Int32Array(order.length);
      order.forEach((id, r) => ((this.rankOfId as Int32Array)[id] = r + 1));
    }
    return this.rankOfId;
  }
}
