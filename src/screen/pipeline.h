// Bulk screening on every core with bounded memory, results in input order.
//
//   reader thread ──batches──▶ N worker threads ──▶ reorder ──▶ writer (caller's thread)
//
// The reader cuts the input into batches (so that threads hand over work a
// few hundred records at a time, not one by one: fewer hand-overs, fewer
// thread switches on a busy core); workers screen and format
// each record (each thread has its own standardisation state inside the
// Screener); the calling thread writes finished batches in sequence. At most
// `jobs * batches_per_job` batches are read but not yet written, whatever
// the input size, so memory stays constant.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "rules/rule.h"
#include "screen/reader.h"
#include "screen/screener.h"
#include "screen/writer.h"

namespace pc::screen {

struct PipelineStats {
  uint64_t records = 0, errors = 0, unresolved = 0;
  uint64_t clear = 0, watch = 0, controlled = 0;
  uint64_t settled_fast = 0;  // records the fast path settled
  double seconds = 0;
  bool interrupted = false;   // stopped early by the stop flag
  bool output_failed = false;  // the output could not be written (a closed pipe)
  std::string reader_error;   // the reader failed (not a damaged record)
};

struct PipelineOptions {
  unsigned jobs = 0;  // worker threads; 0 means one per core
  size_t batch_records = 256;
  size_t batch_bytes = 1 << 20;  // a batch also ends at this much record text
  size_t batches_per_job = 4;
  ScreenOptions screen;
  // When set (by a signal handler), reading stops, the batches already
  // screened are written in order, and the run ends: the output is a valid
  // prefix of the full output.
  const std::atomic<bool>* stop = nullptr;
  // Called from the calling thread about five times a second, and once at the end.
  std::function<void(const PipelineStats&)> progress;
};

PipelineStats RunPipeline(RecordReader& reader, const Screener& screener,
                          const rules::Query& query, ResultWriter& writer,
                          const PipelineOptions& options);

}  // namespace pc::screen
