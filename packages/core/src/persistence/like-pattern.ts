// A LIKE / ILIKE pattern matching the words a person typed anywhere in a text: their %, _ and \ are
// matched as themselves, not as wildcards they did not mean.
export const likePattern = (words: string): string => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
