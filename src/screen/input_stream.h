// An input file (or standard input) as a std::istream of text, whatever its
// compression: plain, gzip or zstd, recognised by magic bytes (the file name
// extension only has to agree with them). Decompression is streamed, so
// memory stays constant whatever the file size.
//
// A corrupt or truncated compressed stream is not a crash and not silently
// short: the stream reports end of input at the point of damage, drops the
// incomplete last line (so a cut SMILES is never screened as a different,
// shorter molecule), and error() says what happened.
#pragma once

#include <atomic>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pc::screen {

enum class Compression { kNone, kGzip, kZstd };
std::string_view ToString(Compression c);

class InputStream {
 public:
  // path "-" is standard input. Returns null and sets `error` when the file
  // cannot be opened or its name promises a compression its bytes lack.
  static std::unique_ptr<InputStream> Open(const std::string& path, std::string& error);
  // The same over bytes already in memory (an uploaded file); `name` is the
  // file's name as given, for the compression and format checks.
  static std::unique_ptr<InputStream> FromBytes(std::string bytes, const std::string& name, std::string& error);
  ~InputStream();

  std::istream& stream();
  // The start of the (decompressed) text, not consumed: at least what one
  // read of the file gave. For telling a binary file from text at once.
  std::string_view Peek();
  Compression compression() const;
  // The file name without a compression suffix ("a.sdf.gz" -> "a.sdf"),
  // for recognising the record format.
  const std::string& content_name() const;

  // Raw (compressed) bytes consumed so far; safe to read from another thread.
  uint64_t bytes_read() const;
  // The file's size when it is a regular file (for an ETA), else nothing.
  std::optional<uint64_t> size() const;

  // Set when the input ended early because it is damaged (or unreadable).
  std::string error() const;

  // Why the input is binary rather than text, or empty. Git's rule: a NUL
  // byte in the first 8,000 bytes. A binary file (a program, an image, a
  // spreadsheet) is refused once rather than read into hundreds of error
  // records; a damaged line further on is one error record.
  std::string BinaryProblem();

  // Ends the input as damaged once more than `bytes` of text (after
  // decompression) have been read: a small compressed upload cannot expand
  // into unbounded work. 0: no bound (a local file).
  void set_max_text_bytes(uint64_t bytes);

  // Once *stop is set, reading ends (within a fraction of a second, even
  // while waiting on a terminal or pipe) and the incomplete line is dropped.
  void set_stop_flag(const std::atomic<bool>* stop);

  class Buffer;  // the std::streambuf doing the reading and decompression

 private:
  InputStream() = default;
  static std::unique_ptr<InputStream> Start(std::unique_ptr<Buffer> buffer, const std::string& path,
                                            std::string& error);
  std::unique_ptr<Buffer> buffer_;
  std::unique_ptr<std::istream> stream_;
  std::string content_name_;
};

}  // namespace pc::screen
