#include "screen/input_stream.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <mutex>
#include <vector>

#include "common/strings.h"

namespace pc::screen {
namespace {

constexpr size_t kRawChunk = 1 << 16;
constexpr size_t kOutChunk = 1 << 18;

// Thrown from underflow() to make the istream set badbit: std::getline then
// fails instead of returning the incomplete line it had started.
struct StreamEnded {};

}  // namespace

std::string_view ToString(Compression c) {
  switch (c) {
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    case Compression::kNone: break;
  }
  return "plain";
}

class InputStream::Buffer : public std::streambuf {
 public:
  Buffer(int fd, bool owns_fd) : fd_(fd), owns_fd_(owns_fd), raw_(kRawChunk) {}
  // Reads from `memory` instead of a file descriptor.
  explicit Buffer(std::string memory) : fd_(-1), owns_fd_(false), raw_(kRawChunk), memory_(std::move(memory)) {}

  ~Buffer() override {
    if (inflating_) inflateEnd(&z_);
    if (zstd_) ZSTD_freeDStream(zstd_);
    if (owns_fd_) ::close(fd_);
  }

  // Reads the first bytes to recognise the compression by its magic number.
  Compression Sniff() {
    while (raw_len_ < 4 && !raw_eof_ && !failed_) Refill(/*append=*/true);
    const auto* b = reinterpret_cast<const unsigned char*>(raw_.data());
    if (raw_len_ >= 2 && b[0] == 0x1f && b[1] == 0x8b) return Compression::kGzip;
    if (raw_len_ >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
      return Compression::kZstd;
    return Compression::kNone;
  }

  void Start(Compression c) {
    compression_ = c;
    if (c == Compression::kGzip) {
      std::memset(&z_, 0, sizeof z_);
      inflateInit2(&z_, 16 + MAX_WBITS);  // 16: gzip wrapper only
      inflating_ = true;
    } else if (c == Compression::kZstd) {
      zstd_ = ZSTD_createDStream();
      ZSTD_initDStream(zstd_);
    }
    if (c != Compression::kNone) out_.resize(kOutChunk);
  }

  // The text buffered ahead of the reader (decompressed), without
  // consuming it: filled once if empty; empty at the end or on damage.
  std::string_view Peek() {
    try {
      if (sgetc() == traits_type::eof()) return {};
    } catch (const StreamEnded&) {
      return {};
    }
    return {gptr(), size_t(egptr() - gptr())};
  }

  Compression compression() const { return compression_; }
  int fd() const { return fd_; }
  uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  std::string error() const {
    std::lock_guard lock(error_mu_);
    return error_;
  }
  void set_stop_flag(const std::atomic<bool>* stop) { stop_ = stop; }
  void set_max_text_bytes(uint64_t bytes) { max_text_bytes_ = bytes; }
  bool in_memory() const { return fd_ < 0; }
  uint64_t memory_size() const { return memory_.size(); }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (failed_ || stopped_) throw StreamEnded{};
    size_t n = compression_ == Compression::kNone ? FillPlain() : FillDecompressed();
    text_bytes_ += n;
    if (max_text_bytes_ && text_bytes_ > max_text_bytes_) {
      Fail("more than " + std::to_string(max_text_bytes_) + " bytes of text" +
           (compression_ == Compression::kNone ? "" : " after decompression"));
      setg(nullptr, nullptr, nullptr);
      throw StreamEnded{};
    }
    if (n == 0) {
      if (failed_ || stopped_) throw StreamEnded{};
      return traits_type::eof();
    }
    return traits_type::to_int_type(*gptr());
  }

 private:
  void Fail(std::string reason) {
    std::lock_guard lock(error_mu_);
    if (error_.empty()) error_ = std::move(reason);
    failed_ = true;
  }

  // Reads more raw bytes (after the unconsumed ones when `append`). False at
  // end of file, on a read error, or when stopped by a signal.
  bool Refill(bool append = false) {
    if (!append) raw_pos_ = raw_len_ = 0;
    if (in_memory()) {
      size_t n = std::min(raw_.size() - raw_len_, memory_.size() - memory_pos_);
      if (n == 0) {
        raw_eof_ = true;
        return false;
      }
      std::memcpy(raw_.data() + raw_len_, memory_.data() + memory_pos_, n);
      memory_pos_ += n;
      raw_len_ += n;
      bytes_read_.fetch_add(uint64_t(n), std::memory_order_relaxed);
      return true;
    }
    for (;;) {
      // Wait in short slices so that a stop request ends a read from a
      // terminal or a pipe that has nothing to give.
      if (stop_ && stop_->load()) {
        stopped_ = true;
        return false;
      }
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, 200);
      if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
      ssize_t n = ::read(fd_, raw_.data() + raw_len_, raw_.size() - raw_len_);
      if (n > 0) {
        raw_len_ += size_t(n);
        bytes_read_.fetch_add(uint64_t(n), std::memory_order_relaxed);
        return true;
      }
      if (n == 0) {
        raw_eof_ = true;
        return false;
      }
      if (errno == EINTR || errno == EAGAIN) continue;
      Fail(std::string("read error: ") + std::strerror(errno));
      return false;
    }
  }

  size_t FillPlain() {
    if (raw_pos_ >= raw_len_ && !Refill()) return 0;
    size_t n = raw_len_ - raw_pos_;
    setg(raw_.data() + raw_pos_, raw_.data() + raw_pos_, raw_.data() + raw_len_);
    raw_pos_ = raw_len_;
    return n;
  }

  // One decompression call: consumes raw input, returns the bytes produced.
  size_t Step() {
    if (compression_ == Compression::kGzip) {
      if (member_ended_) {  // another gzip member follows (as `cat a.gz b.gz`)
        inflateReset(&z_);
        member_ended_ = false;
      }
      z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
      z_.avail_in = uInt(raw_len_ - raw_pos_);
      z_.next_out = reinterpret_cast<Bytef*>(out_.data());
      z_.avail_out = uInt(out_.size());
      int rc = inflate(&z_, Z_NO_FLUSH);
      raw_pos_ = raw_len_ - z_.avail_in;
      size_t produced = out_.size() - z_.avail_out;
      output_pending_ = z_.avail_out == 0;
      if (rc == Z_STREAM_END) {
        member_ended_ = true;
        in_frame_ = false;
      } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
        in_frame_ = true;
      } else {
        Fail(std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "inflate failed"));
      }
      return produced;
    }
    ZSTD_inBuffer in{raw_.data() + raw_pos_, raw_len_ - raw_pos_, 0};
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    size_t rc = ZSTD_decompressStream(zstd_, &out, &in);
    raw_pos_ += in.pos;
    output_pending_ = out.pos == out.size;
    if (ZSTD_isError(rc)) {
      Fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
    } else {
      in_frame_ = rc != 0;  // 0: a frame is complete and fully flushed
    }
    return out.pos;
  }

  size_t FillDecompressed() {
    size_t produced = 0;
    while (produced == 0) {
      if (raw_pos_ >= raw_len_ && !output_pending_) {
        if (raw_eof_ || !Refill()) {
          if (!failed_ && !stopped_ && in_frame_)
            Fail("truncated " + std::string(ToString(compression_)) +
                 " data: the input ends in the middle of a compressed block");
          return 0;
        }
      }
      produced = Step();
      if (failed_) {
        // Keep the whole lines decoded before the damage; drop the rest.
        while (produced > 0 && out_[produced - 1] != '\n') --produced;
        if (produced == 0) return 0;
      }
    }
    setg(out_.data(), out_.data(), out_.data() + produced);
    return produced;
  }

  int fd_;
  bool owns_fd_;
  Compression compression_ = Compression::kNone;
  std::vector<char> raw_, out_;
  size_t raw_pos_ = 0, raw_len_ = 0;
  bool raw_eof_ = false, failed_ = false, stopped_ = false;
  bool in_frame_ = false, output_pending_ = false, member_ended_ = false;
  z_stream z_;
  bool inflating_ = false;
  ZSTD_DStream* zstd_ = nullptr;
  std::atomic<uint64_t> bytes_read_{0};
  std::string memory_;
  size_t memory_pos_ = 0;
  uint64_t text_bytes_ = 0, max_text_bytes_ = 0;
  const std::atomic<bool>* stop_ = nullptr;
  mutable std::mutex error_mu_;
  std::string error_;
};

std::unique_ptr<InputStream> InputStream::Open(const std::string& path, std::string& error) {
  int fd = 0;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      error = "cannot open " + path + ": " + std::strerror(errno);
      return nullptr;
    }
  }
  return Start(std::make_unique<Buffer>(fd, path != "-"), path, error);
}

std::unique_ptr<InputStream> InputStream::FromBytes(std::string bytes, const std::string& name, std::string& error) {
  return Start(std::make_unique<Buffer>(std::move(bytes)), name, error);
}

std::unique_ptr<InputStream> InputStream::Start(std::unique_ptr<Buffer> buffer, const std::string& path,
                                                std::string& error) {
  std::unique_ptr<InputStream> s(new InputStream);
  s->buffer_ = std::move(buffer);
  Compression c = s->buffer_->Sniff();
  if (!s->buffer_->error().empty()) {
    error = path + ": " + s->buffer_->error();
    return nullptr;
  }
  s->content_name_ = path;
  for (auto [suffix, promised] : {std::pair{".gz", Compression::kGzip},
                                  {".zst", Compression::kZstd}, {".zstd", Compression::kZstd}}) {
    if (!EndsWith(path, suffix)) continue;
    s->content_name_ = path.substr(0, path.size() - std::strlen(suffix));
    if (c != promised && s->size().value_or(1) != 0) {
      error = path + ": the name says " + std::string(ToString(promised)) +
              " but the content is not " + std::string(ToString(promised)) + " data";
      return nullptr;
    }
  }
  s->buffer_->Start(c);
  s->stream_ = std::make_unique<std::istream>(s->buffer_.get());
  return s;
}

InputStream::~InputStream() = default;

std::istream& InputStream::stream() { return *stream_; }
std::string_view InputStream::Peek() { return buffer_->Peek(); }
const std::string& InputStream::content_name() const { return content_name_; }
uint64_t InputStream::bytes_read() const { return buffer_->bytes_read(); }
std::string InputStream::error() const { return buffer_->error(); }
void InputStream::set_stop_flag(const std::atomic<bool>* stop) { buffer_->set_stop_flag(stop); }
void InputStream::set_max_text_bytes(uint64_t bytes) { buffer_->set_max_text_bytes(bytes); }

std::string InputStream::BinaryProblem() {
  auto nul = Peek().substr(0, 8000).find('\0');
  if (nul == std::string_view::npos) return "";
  return "binary data (a NUL byte at byte " + std::to_string(nul + 1) +
         "), not text; give SMILES lines, CSV or SDF (plain, gzip or zstd)";
}

Compression InputStream::compression() const { return buffer_->compression(); }

std::optional<uint64_t> InputStream::size() const {
  if (buffer_->in_memory()) return buffer_->memory_size();
  struct stat st;
  if (::fstat(buffer_->fd(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return uint64_t(st.st_size);
}

}  // namespace pc::screen
