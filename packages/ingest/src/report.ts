export type FileStatus = "ingested" | "unchanged" | "skipped" | "removed" | "error";

/** What happened to one file (or, for `removed`, to the points of a file that is gone). */
export interface FileReport {
  /** Absolute path on disk. */
  path: string;
  /** Path relative to the ingest root, as stored in the payload's `source`. */
  source: string;
  status: FileStatus;
  collection?: string;
  /** Chunks the file produced. */
  chunks: number;
  upserted: number;
  deleted: number;
  /** Chunks already stored exactly as produced. */
  unchanged: number;
  /** Why a file was skipped. */
  reason?: string;
  /** Why a file failed; the other files go on. */
  error?: string;
}

export interface IngestTotals {
  /** Files looked at (every report but `removed`). */
  files: number;
  chunks: number;
  upserted: number;
  /** Points deleted, for edited files and for removed ones. */
  deleted: number;
  unchanged: number;
  errors: number;
  skipped: number;
  /** Sources whose points were removed because their file is gone. */
  removed: number;
}

export interface IngestResult {
  files: FileReport[];
  totals: IngestTotals;
}

export function emptyReport(path: string, source: string): FileReport {
  return { path, source, status: "unchanged", chunks: 0, upserted: 0, deleted: 0, unchanged: 0 };
}

export function totalsOf(files: FileReport[]): IngestTotals {
  const count = (status: FileReport["status"]) => files.filter((f) => f.status === status).length;
  const sum = (key: "chunks" | "upserted" | "deleted" | "unchanged") => files.reduce((n, f) => n + f[key], 0);
  return {
    files: files.length - count("removed"),
    chunks: sum("chunks"),
    upserted: sum("upserted"),
    deleted: sum("deleted"),
    unchanged: sum("unchanged"),
    errors: count("error"),
    skipped: count("skipped"),
    removed: count("removed"),
  };
}
