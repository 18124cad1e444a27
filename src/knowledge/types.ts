/** One knowledge file as loaded: its metadata and its passages in reading order. */
export interface Article {
  /** File name without extension; the `source` of a citation. */
  id: string;
  path: string;
  title: string;
  url?: string;
  author?: string;
  date?: string;
  tags: string[];
  passages: Passage[];
}

/** The unit that is retrieved and cited: one paragraph block, or a slice of a long one. */
export interface Passage {
  /** Unique across all knowledge: `${articleId}§${ordinal}`. */
  key: string;
  articleId: string;
  /** Stable id shown to users ("§12"): 1-based position among the article's passages. */
  id: string;
  ordinal: number;
  /** The heading of the section the passage sits in, if any. */
  section?: string;
  /** Verbatim text from the article (entities decoded, whitespace collapsed). */
  text: string;
}

/** A block of body text before chunking. */
export interface Block {
  kind: 'heading' | 'paragraph';
  text: string;
}

/** A file that could not be loaded, with a reason a person can act on. */
export interface LoadProblem {
  path: string;
  reason: string;
}
