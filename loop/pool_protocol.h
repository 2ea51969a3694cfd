// pool_protocol.h — how a process pool and its worker processes talk: the
// messages of the worker protocol, and a reader that takes them off a
// descriptor with as few system calls as the bytes allow.
//
// The worker protocol. A worker is the program itself, started by the pool
// with posix_spawn as `gilvm --worker PARENT_PID`, holding one end of a
// socketpair as descriptor kWorkerFd; the pool's runner thread holds the
// other. Everything they exchange is a frame (frame.h) whose kind byte is a
// PoolMessage and whose payload is the task id, kTaskIdBytes little-endian,
// then a marshal message (marshal.h):
//
//   kCall     runner -> worker   the function and its arguments (encode)
//   kStarted  worker -> runner   no marshal message: the worker has read the
//                                call and is about to run it
//   kResult   worker -> runner   the function's results (encode, role "result")
//   kError    worker -> runner   the error value and the worker's traceback
//                                (encode_error)
//
// The conversation is strictly call, started, reply, call, started, reply:
// the runner writes a call only when the worker has answered the previous
// one, and the worker's messages carry the id of the call they answer. So
// the runner always knows which task its worker is running. When the
// worker's socket reaches its end after `started` (the worker died), that
// one task is the one that fails; nothing else was sent to it. When it ends
// before `started`, the worker never ran the call (it died idle, killed
// just before the call reached it): the runner sends the call again to a
// fresh worker. It does so once: a worker started for the call that dies
// before taking it fails the task, so a worker that cannot start never
// loops.
//
// Size. A frame's payload is at most kMaxPayloadBytes (256 MiB), so a
// marshal message is at most kMaxMarshalledBytes. Each side checks its own
// messages before it sends them: a call too large is refused in submit (an
// error in the caller), results or an error too large are replaced by an
// error saying so (too_large); neither is a broken stream.
//
// Ending. The runner ends a worker by closing its end of the socket; the
// worker reads the end of the stream between calls, waits for threads its
// tasks started, and exits with status 0. A worker never outlives the
// program: it asks the kernel for SIGKILL when the thread that started it
// exits (PR_SET_PDEATHSIG; runner threads reap their worker before they
// exit), then checks that its parent is still PARENT_PID (the parent may
// have died before it asked); between tasks, a parent that died is the end
// of the stream. It ignores SIGINT: Ctrl-C at a terminal reaches the whole
// process group, and the program, not each worker, decides what Ctrl-C
// does. It starts with SIGINT blocked (posix_spawn's signal mask), so that
// a Ctrl-C before it has set SIG_IGN is not lost on it either. It runs at
// nice +kWorkerNiceness (worker.h), so that the program's own threads get a
// core first when they wake.
//
// Trust. The runner trusts nothing a worker sends. A bad frame header, a
// kind that is not a reply, a payload too short for an id, or an id that is
// not the running task's means a broken worker: the runner kills it, fails
// the task with "malformed message from worker process PID: ..." and starts
// another for the next task. The marshal message inside a reply is checked
// by marshal::decode when the result is read, under the caller's GIL. The
// worker trusts its parent, but still checks what it reads, and exits with
// status 2 on anything wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "loop/frame.h"

namespace gilvm::loop {

constexpr int kWorkerFd = 3;
constexpr size_t kTaskIdBytes = 8;

enum PoolMessage : uint8_t {
  kCall = 1,
  kResult = 2,
  kError = 3,
  kStarted = 4,
};

constexpr size_t kMaxMarshalledBytes = kMaxPayloadBytes - kTaskIdBytes;

// "cannot send <what>: N bytes marshalled, over the limit of 256 MiB".
std::string too_large(const char* what, size_t marshalled_bytes);

// The payload of a message: the task id, then the marshal message.
std::string task_payload(uint64_t task_id, std::string_view marshalled);

// Checks a message from a worker as kStarted for task `task_id`. False,
// with *error saying what was wrong, for anything else.
bool take_started(const Message& m, uint64_t task_id, std::string* error);

// Checks a message from a worker as the reply to task `task_id` and turns it
// into the marshal message it carries (the id is cut off): *failed says
// whether it is an error. False, with *error saying what was wrong, for
// anything but a well-formed reply to that task.
bool take_reply(Message* m, uint64_t task_id, bool* failed, std::string* error);

// Checks a message from the pool as a call; *task_id is its id and the
// payload becomes the marshal message. False, with *error, otherwise.
bool take_call(Message* m, uint64_t* task_id, std::string* error);

// Reads messages from a blocking descriptor through a FrameDecoder: a read
// takes whatever has arrived, often a whole message, where read_message
// reads a header and then a payload, two system calls at least.
class MessageReader {
 public:
  enum class Status {
    kMessage,      // *out holds the next message
    kEndOfStream,  // the peer closed the stream (*error says if inside a frame)
    kMalformed,    // a bad frame header: the stream is unusable
    kIoError,      // the read itself failed
  };

  explicit MessageReader(int fd, size_t max_payload_bytes = kMaxPayloadBytes);
  Status next(Message* out, std::string* error);

 private:
  static constexpr size_t kChunkBytes = 64 * 1024;
  int fd_;
  FrameDecoder decoder_;
  std::unique_ptr<char[]> chunk_;
};

}  // namespace gilvm::loop
