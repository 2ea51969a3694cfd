// frame.cpp — message frames: the header (see frame.h), the incremental
// decoder, and the blocking reads and writes.
#include "loop/frame.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace gilvm {

namespace {

constexpr char kMagic[2] = {'G', 'V'};
constexpr uint8_t kFrameVersion = 1;
// read_message grows its buffer by at most this much per read, so that a
// header announcing a large payload costs memory only as the payload arrives.
constexpr size_t kReadChunkBytes = size_t(1) << 20;

void write_header(char* h, uint8_t kind, size_t payload_bytes) {
  h[0] = kMagic[0];
  h[1] = kMagic[1];
  h[2] = char(kFrameVersion);
  h[3] = char(kind);
  for (int i = 0; i < 4; i++) h[4 + i] = char(uint32_t(payload_bytes) >> (8 * i));
}

// Checks a header; returns false with *error set, or true with the kind and
// payload length.
bool parse_header(const char* h, size_t max_payload_bytes, uint8_t* kind, size_t* length,
                  std::string* error) {
  char why[128];
  const auto* b = reinterpret_cast<const uint8_t*>(h);
  if (h[0] != kMagic[0] || h[1] != kMagic[1]) {
    snprintf(why, sizeof why, "bad magic 0x%02x%02x (not a gilvm message stream)", b[0], b[1]);
  } else if (b[2] != kFrameVersion) {
    snprintf(why, sizeof why, "frame version %u, this build reads version %u", b[2], kFrameVersion);
  } else {
    size_t n = 0;
    for (int i = 0; i < 4; i++) n |= size_t(b[4 + i]) << (8 * i);
    if (n <= max_payload_bytes) {
      *kind = b[3];
      *length = n;
      return true;
    }
    snprintf(why, sizeof why, "message of %zu bytes is over the limit of %zu", n,
             max_payload_bytes);
  }
  *error = std::string("malformed frame header: ") + why;
  return false;
}

bool payload_fits(std::string_view payload, std::string* error) {
  if (payload.size() <= kMaxPayloadBytes) return true;
  *error = "message of " + std::to_string(payload.size()) + " bytes is over the limit of " +
           std::to_string(kMaxPayloadBytes);
  return false;
}

std::string errno_message(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// A write that raises no SIGPIPE on a socket whose peer is gone; other
// descriptors (pipes) get plain writev.
ssize_t write_vector(int fd, iovec* iov, int count) {
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = size_t(count);
  ssize_t n = sendmsg(fd, &msg, MSG_NOSIGNAL);
  if (n < 0 && errno == ENOTSOCK) n = writev(fd, iov, count);
  return n;
}

bool write_vectors(int fd, iovec* iov, int count, std::string* error) {
  while (count > 0) {
    ssize_t n = write_vector(fd, iov, count);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = errno_message("write");
      return false;
    }
    // Skip what was written: whole vectors, then part of the next one.
    size_t done = size_t(n);
    while (count > 0 && done >= iov->iov_len) {
      done -= iov->iov_len;
      iov++;
      count--;
    }
    if (count > 0) {
      iov->iov_base = static_cast<char*>(iov->iov_base) + done;
      iov->iov_len -= done;
    }
  }
  return true;
}

// Reads exactly n bytes. Returns n, or the bytes read before the end of the
// stream, or -1 with *error set.
ssize_t read_exactly(int fd, char* p, size_t n, std::string* error) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      *error = errno_message("read");
      return -1;
    }
    if (r == 0) break;
    got += size_t(r);
  }
  return ssize_t(got);
}

}  // namespace

bool append_frame(std::string* out, uint8_t kind, std::string_view payload, std::string* error) {
  if (!payload_fits(payload, error)) return false;
  char header[kFrameHeaderBytes];
  write_header(header, kind, payload.size());
  out->append(header, sizeof header);
  out->append(payload.data(), payload.size());
  return true;
}

FrameDecoder::Status FrameDecoder::next(Message* out) {
  if (!error_.empty()) return Status::kMalformed;
  size_t length = 0;
  uint8_t kind = 0;
  if (buffered_bytes() >= kFrameHeaderBytes) {
    if (!parse_header(buffer_.data() + start_, max_payload_bytes_, &kind, &length, &error_))
      return Status::kMalformed;
    if (buffered_bytes() >= kFrameHeaderBytes + length) {
      out->kind = kind;
      out->payload.assign(buffer_, start_ + kFrameHeaderBytes, length);
      start_ += kFrameHeaderBytes + length;
      if (start_ == buffer_.size()) {
        buffer_.clear();
        start_ = 0;
      }
      return Status::kMessage;
    }
  }
  // Waiting for more: drop what was consumed, so that the buffer holds at
  // most one partial frame and each byte moves at most once.
  if (start_ > 0) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  return Status::kNeedMore;
}

bool write_all(int fd, std::string_view bytes, std::string* error) {
  iovec iov{const_cast<char*>(bytes.data()), bytes.size()};
  return write_vectors(fd, &iov, 1, error);
}

bool write_message(int fd, uint8_t kind, std::string_view payload, std::string* error) {
  if (!payload_fits(payload, error)) return false;
  char header[kFrameHeaderBytes];
  write_header(header, kind, payload.size());
  iovec iov[2] = {{header, sizeof header}, {const_cast<char*>(payload.data()), payload.size()}};
  return write_vectors(fd, iov, payload.empty() ? 1 : 2, error);
}

ReadStatus read_message(int fd, Message* out, std::string* error, size_t max_payload_bytes) {
  char header[kFrameHeaderBytes];
  ssize_t got = read_exactly(fd, header, sizeof header, error);
  if (got < 0) return ReadStatus::kError;
  if (got == 0) return ReadStatus::kEndOfStream;
  if (size_t(got) < sizeof header) {
    *error = "end of stream inside a frame header";
    return ReadStatus::kError;
  }
  size_t length = 0;
  if (!parse_header(header, max_payload_bytes, &out->kind, &length, error))
    return ReadStatus::kError;
  out->payload.clear();
  while (out->payload.size() < length) {
    size_t have = out->payload.size();
    size_t chunk = std::min(length - have, kReadChunkBytes);
    out->payload.resize(have + chunk);
    got = read_exactly(fd, out->payload.data() + have, chunk, error);
    if (got < 0) return ReadStatus::kError;
    if (size_t(got) < chunk) {
      *error = "end of stream inside a message of " + std::to_string(length) + " bytes";
      return ReadStatus::kError;
    }
  }
  return ReadStatus::kMessage;
}

}  // namespace gilvm
