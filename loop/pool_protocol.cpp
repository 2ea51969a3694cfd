// pool_protocol.cpp — the worker protocol's messages and the buffered reader
// (see pool_protocol.h for the protocol).
#include "loop/pool_protocol.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gilvm::loop {

namespace {

void append_task_id(std::string* out, uint64_t id) {
  char bytes[kTaskIdBytes];
  for (size_t i = 0; i < kTaskIdBytes; i++) bytes[i] = char(id >> (8 * i));
  out->append(bytes, sizeof bytes);
}

uint64_t read_task_id(const std::string& payload) {
  uint64_t id = 0;
  for (size_t i = 0; i < kTaskIdBytes; i++) id |= uint64_t(uint8_t(payload[i])) << (8 * i);
  return id;
}

}  // namespace

std::string too_large(const char* what, size_t marshalled_bytes) {
  return std::string("cannot send ") + what + ": " + std::to_string(marshalled_bytes) +
         " bytes marshalled, over the limit of " + std::to_string(kMaxPayloadBytes >> 20) + " MiB";
}

std::string task_payload(uint64_t task_id, std::string_view marshalled) {
  std::string payload;
  payload.reserve(kTaskIdBytes + marshalled.size());
  append_task_id(&payload, task_id);
  payload.append(marshalled.data(), marshalled.size());
  return payload;
}

bool take_started(const Message& m, uint64_t task_id, std::string* error) {
  if (m.kind != kStarted || m.payload.size() != kTaskIdBytes) {
    *error = "message of kind " + std::to_string(m.kind) + " and " +
             std::to_string(m.payload.size()) + " bytes where the start of task " +
             std::to_string(task_id) + " was expected";
    return false;
  }
  const uint64_t id = read_task_id(m.payload);
  if (id != task_id) {
    *error = "start of task " + std::to_string(id) + " while task " + std::to_string(task_id) +
             " was sent";
    return false;
  }
  return true;
}

bool take_reply(Message* m, uint64_t task_id, bool* failed, std::string* error) {
  if (m->kind != kResult && m->kind != kError) {
    *error = "message of kind " + std::to_string(m->kind) + " where a reply was expected";
    return false;
  }
  if (m->payload.size() < kTaskIdBytes) {
    *error = "reply of " + std::to_string(m->payload.size()) + " bytes has no task id";
    return false;
  }
  const uint64_t id = read_task_id(m->payload);
  if (id != task_id) {
    *error = "reply to task " + std::to_string(id) + " while task " + std::to_string(task_id) +
             " was running";
    return false;
  }
  *failed = m->kind == kError;
  m->payload.erase(0, kTaskIdBytes);
  return true;
}

bool take_call(Message* m, uint64_t* task_id, std::string* error) {
  if (m->kind != kCall || m->payload.size() < kTaskIdBytes) {
    *error = "expected a call, got a message of kind " + std::to_string(m->kind) + " and " +
             std::to_string(m->payload.size()) + " bytes";
    return false;
  }
  *task_id = read_task_id(m->payload);
  m->payload.erase(0, kTaskIdBytes);
  return true;
}

MessageReader::MessageReader(int fd, size_t max_payload_bytes)
    : fd_(fd), decoder_(max_payload_bytes), chunk_(new char[kChunkBytes]) {}

MessageReader::Status MessageReader::next(Message* out, std::string* error) {
  for (;;) {
    switch (decoder_.next(out)) {
      case FrameDecoder::Status::kMessage: return Status::kMessage;
      case FrameDecoder::Status::kMalformed: *error = decoder_.error(); return Status::kMalformed;
      case FrameDecoder::Status::kNeedMore: break;
    }
    const ssize_t n = read(fd_, chunk_.get(), kChunkBytes);
    if (n < 0) {
      if (errno == EINTR) continue;
      *error = std::string("read: ") + std::strerror(errno);
      return Status::kIoError;
    }
    if (n == 0) {
      const size_t left = decoder_.buffered_bytes();
      error->clear();
      if (left > 0) *error = "end of stream " + std::to_string(left) + " bytes into a message";
      return Status::kEndOfStream;
    }
    decoder_.feed({chunk_.get(), size_t(n)});
  }
}

}  // namespace gilvm::loop
