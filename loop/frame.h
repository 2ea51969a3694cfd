// frame.h — messages over a byte stream (a pipe, a socketpair): how the
// process pool and its workers cut the bytes they exchange into messages.
//
// Every message travels as one frame, an 8-byte header and its payload:
//
//   bytes 0-1  the magic "GV"
//   byte  2    the framing version, 1
//   byte  3    the message's kind, a byte whose meaning the protocol that
//              uses the frames defines (a call, a result, an error, ...)
//   bytes 4-7  the payload's length in bytes, little-endian; a reader refuses
//              more than its limit (kMaxPayloadBytes unless it says otherwise)
//
// A header that is wrong (bad magic, another version, a length over the
// limit) means the stream is out of step or not ours: nothing after it can be
// trusted, so the error is final for that stream. The limit is checked as
// soon as the header arrives, before any of the payload is buffered.
//
// The framing itself is pure code: append_frame writes a frame into a buffer
// and FrameDecoder cuts arbitrary chunks of received bytes into messages, so
// an event loop can drive them on non-blocking descriptors. write_message and
// read_message are the blocking versions for a descriptor of one's own: they
// retry after signals (EINTR) and short reads and writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gilvm {

constexpr size_t kFrameHeaderBytes = 8;
constexpr size_t kMaxPayloadBytes = size_t(256) << 20;

struct Message {
  uint8_t kind = 0;
  std::string payload;
};

// Appends the frame of a message to `out`. False, with *error set and `out`
// unchanged, if the payload is longer than kMaxPayloadBytes.
bool append_frame(std::string* out, uint8_t kind, std::string_view payload, std::string* error);

// Cuts a stream of bytes into messages. Feed it the bytes as they come, in
// chunks of any size, then take the complete messages with next().
class FrameDecoder {
 public:
  explicit FrameDecoder(size_t max_payload_bytes = kMaxPayloadBytes)
      : max_payload_bytes_(max_payload_bytes) {}

  void feed(std::string_view bytes) { buffer_.append(bytes.data(), bytes.size()); }

  enum class Status {
    kMessage,    // *out holds the next message
    kNeedMore,   // no complete message is buffered
    kMalformed,  // a bad header: error() says what; the stream is unusable
  };
  Status next(Message* out);

  const std::string& error() const { return error_; }
  // Bytes received but not yet returned as messages.
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  size_t max_payload_bytes_;
  std::string buffer_;
  size_t start_ = 0;  // where the next frame begins in buffer_
  std::string error_;
};

// Writes all of `bytes` to a blocking descriptor. False, with *error set, on
// an I/O error. On a socket a closed peer gives an error (EPIPE), never a
// SIGPIPE; on a pipe it does so only where the process ignores SIGPIPE.
bool write_all(int fd, std::string_view bytes, std::string* error);

// Writes one message as a frame (header and payload in one system call when
// the descriptor takes them). One writer at a time per descriptor.
bool write_message(int fd, uint8_t kind, std::string_view payload, std::string* error);

enum class ReadStatus {
  kMessage,      // *out holds the message
  kEndOfStream,  // the peer closed the stream between messages
  kError,        // I/O error, end of stream inside a frame, or a bad header
};

// Reads exactly one message from a blocking descriptor (nothing past it).
ReadStatus read_message(int fd, Message* out, std::string* error,
                        size_t max_payload_bytes = kMaxPayloadBytes);

}  // namespace gilvm
