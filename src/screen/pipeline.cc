#include "screen/pipeline.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

namespace pc::screen {
namespace {

using Clock = std::chrono::steady_clock;

struct Batch {
  uint64_t seq = 0;
  std::vector<InputRecord> records;
};

struct Outcome {
  rules::Status status;
  std::optional<rules::Verdict> verdict;
  bool fast;
};

struct Done {
  std::string text;  // the rendered results, concatenated
  std::vector<Outcome> outcomes;
  bool abandoned = false;  // skipped because the run is stopping
};

// A record the screener could not handle is reported, never lost.
rules::ScreenResult InternalError(const InputRecord& record, const rules::Query& query,
                                  const std::string& what) {
  rules::ScreenResult r;
  r.id = record.id;
  r.input = record.hint == InputHint::kMolBlock ? "(molfile)" : record.text;
  r.as_of = query.as_of;
  r.status = rules::Status::kError;
  r.error = "internal error: " + what;
  return r;
}

class Run {
 public:
  Run(RecordReader& reader, const Screener& screener, const rules::Query& query,
      ResultWriter& writer, const PipelineOptions& options)
      : reader_(reader),
        screener_(screener),
        query_(query),
        writer_(writer),
        options_(options),
        jobs_(options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency())),
        slots_(std::ptrdiff_t(jobs_ * std::max<size_t>(1, options.batches_per_job))) {}

  PipelineStats Go() {
    auto start = Clock::now();
    std::thread reader([this] { ReadAll(); });
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < jobs_; ++i) workers.emplace_back([this] { Work(); });
    WriteAll(start);
    reader.join();
    for (auto& w : workers) w.join();
    stats_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    stats_.interrupted = options_.stop && options_.stop->load();
    if (options_.progress) options_.progress(stats_);
    return stats_;
  }

 private:
  bool Stopping() const {
    return failed_.load() || (options_.stop && options_.stop->load());
  }

  void ReadAll() {
    uint64_t seq = 0;
    bool more = true;
    try {
      while (more && !Stopping()) {
        slots_.acquire();  // released when the writer has written a batch
        Batch b;
        b.seq = seq;
        size_t bytes = 0;
        while (b.records.size() < options_.batch_records && bytes < options_.batch_bytes &&
               !Stopping()) {
          InputRecord r;
          if (!reader_.Next(r)) {
            more = false;
            break;
          }
          bytes += r.text.size();
          b.records.push_back(std::move(r));
        }
        if (b.records.empty()) {
          slots_.release();
          break;
        }
        ++seq;
        std::lock_guard lock(mu_);
        queue_.push_back(std::move(b));
        work_cv_.notify_one();
      }
    } catch (const std::exception& e) {
      std::lock_guard lock(mu_);
      stats_.reader_error = e.what();
      failed_ = true;
    }
    std::lock_guard lock(mu_);
    batches_read_ = seq;
    reading_done_ = true;
    work_cv_.notify_all();
    done_cv_.notify_all();
  }

  void Work() {
    for (;;) {
      Batch b;
      {
        std::unique_lock lock(mu_);
        work_cv_.wait(lock, [&] { return !queue_.empty() || reading_done_; });
        if (queue_.empty()) return;
        b = std::move(queue_.front());
        queue_.pop_front();
      }
      Done d;
      d.abandoned = Stopping();
      if (!d.abandoned) {
        d.outcomes.reserve(b.records.size());
        for (const auto& record : b.records) {
          bool fast = false;
          rules::ScreenResult r;
          try {
            r = screener_.Screen(record, query_, options_.screen, &fast);
          } catch (const std::exception& e) {
            r = InternalError(record, query_, e.what());
          }
          d.text += writer_.Render(r);
          d.outcomes.push_back({r.status, r.verdict, fast});
        }
      }
      std::lock_guard lock(mu_);
      done_.emplace(b.seq, std::move(d));
      done_cv_.notify_one();
    }
  }

  void Count(const Outcome& o) {
    ++stats_.records;
    if (o.status == rules::Status::kError) ++stats_.errors;
    if (o.status == rules::Status::kUnresolved) ++stats_.unresolved;
    if (o.verdict == rules::Verdict::kClear) ++stats_.clear;
    if (o.verdict == rules::Verdict::kWatch) ++stats_.watch;
    if (o.verdict == rules::Verdict::kControlled) ++stats_.controlled;
    if (o.fast) ++stats_.settled_fast;
  }

  // Writes batches in sequence until every batch read has been written (or
  // skipped, once stopping: after the first skipped batch nothing is written,
  // so the output stays an in-order prefix).
  void WriteAll(Clock::time_point start) {
    uint64_t next = 0;
    bool writing = true;
    auto last_progress = Clock::now();
    for (;;) {
      Done d;
      bool got = false;
      {
        std::unique_lock lock(mu_);
        done_cv_.wait_for(lock, std::chrono::milliseconds(200), [&] {
          return done_.count(next) || (reading_done_ && next >= batches_read_);
        });
        auto it = done_.find(next);
        if (it == done_.end()) {
          if (reading_done_ && next >= batches_read_) break;
        } else {
          d = std::move(it->second);
          done_.erase(it);
          got = true;
        }
      }
      if (got) {
        if (d.abandoned) writing = false;
        if (writing) {
          writer_.WriteRendered(d.text);
          for (const auto& o : d.outcomes) Count(o);
          if (!writer_.ok()) {
            stats_.output_failed = true;
            failed_ = true;
            writing = false;
          }
        }
        ++next;
        slots_.release();
      }
      if (options_.progress && Clock::now() - last_progress > std::chrono::milliseconds(200)) {
        last_progress = Clock::now();
        stats_.seconds = std::chrono::duration<double>(last_progress - start).count();
        options_.progress(stats_);
      }
    }
    writer_.Finish();
  }

  RecordReader& reader_;
  const Screener& screener_;
  const rules::Query& query_;
  ResultWriter& writer_;
  const PipelineOptions& options_;
  unsigned jobs_;
  std::counting_semaphore<> slots_;
  std::atomic<bool> failed_{false};

  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Batch> queue_;
  std::map<uint64_t, Done> done_;
  uint64_t batches_read_ = 0;
  bool reading_done_ = false;
  PipelineStats stats_;
};

}  // namespace

PipelineStats RunPipeline(RecordReader& reader, const Screener& screener,
                          const rules::Query& query, ResultWriter& writer,
                          const PipelineOptions& options) {
  return Run(reader, screener, query, writer, options).Go();
}

}  // namespace pc::screen
