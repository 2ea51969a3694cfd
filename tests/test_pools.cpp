// test_pools.cpp — the pools whose jobs run in other interpreters
// (loop/marshalled_pool.h): the worker protocol's messages and reader
// (loop/pool_protocol.h), a process pool facing workers that break the
// protocol in every way we could think of, and subinterpreters made and
// torn down (run under ASan, LeakSanitizer says whether that leaks).
//
// A broken worker is a shell script started in the worker's place
// (WorkerCommand): it reads the start of the call and writes back bytes of
// its choosing. The [fuzz] case feeds mutated streams of replies to what a
// runner does with a worker's bytes (the frame decoder, take_reply, then the
// marshal decoder for what was accepted): each must be a message or a clean
// error, never a crash.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <string>
#include <vector>

#include "interp/core/api.h"
#include "interp/modules/modules.h"
#include "loop/loop.h"
#include "loop/marshal.h"
#include "loop/marshalled_pool.h"
#include "loop/pool_protocol.h"

using namespace gilvm;
using namespace gilvm::loop;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// Runs `code` in I (with the loop libraries) and returns what it returns, as
// a string, or "error: ..." if it raised.
std::string run(Interpreter& I, const std::string& code) {
  ThreadState& L = I.main_thread();
  std::string error;
  LClosure* f = I.load(code, "=test", "t", &error);
  INFO(error);
  REQUIRE(f != nullptr);
  Value* base = L.top;
  L.push(Value::lclosure(f));
  std::string out;
  if (L.pcall(base, 1))
    out = std::string(L.to_display_string(*base)->view());
  else
    out = "error: " + std::string(L.to_display_string(*base)->view());
  L.top = base;
  return out;
}

// The bytes as a shell printf format: every byte an octal escape.
std::string printf_format(const std::string& bytes) {
  std::string out;
  char escape[8];
  for (unsigned char c : bytes) {
    snprintf(escape, sizeof escape, "\\%03o", c);
    out += escape;
  }
  return out;
}

std::string frame(uint8_t kind, const std::string& payload) {
  std::string out, error;
  REQUIRE(append_frame(&out, kind, payload, &error));
  return out;
}

std::string task_id(uint64_t id) {
  return task_payload(id, "");
}

// A process pool of one worker that is this shell script (reading the
// call's frame header first, so that the call has arrived), as global `ex`.
void make_broken_pool(Interpreter& I, const std::string& script) {
  WorkerCommand command;
  command.program = "/bin/sh";
  command.name = "sh";
  command.args = {"-c", "dd bs=8 count=1 <&3 >/dev/null 2>&1; " + script, "broken-worker"};
  ThreadState& L = I.main_thread();
  push_process_pool(L, 1, command);
  I.set_field(I.globals, "ex", L.top[-1]);
  L.top--;
}

// What a job on a broken worker ends with.
std::string job_outcome(Interpreter& I) {
  return run(
      I,
      "local ok, e = pcall(function() return ex:submit(function() return 1 end):result() end)"
      " return ok and 'ok' or e");
}

}  // namespace

// ---------------------------------------------------------------------------
// Messages

TEST_CASE("a reply is checked against the running task", "[pools]") {
  std::string error;
  bool failed = false;
  Message m{kResult, task_payload(7, "results")};
  CHECK(take_reply(&m, 7, &failed, &error));
  CHECK(m.payload == "results");
  CHECK_FALSE(failed);
  m = {kError, task_payload(7, "error")};
  CHECK(take_reply(&m, 7, &failed, &error));
  CHECK(failed);
  m = {kResult, task_payload(8, "x")};
  CHECK_FALSE(take_reply(&m, 7, &failed, &error));
  CHECK(error == "reply to task 8 while task 7 was running");
  m = {kCall, task_payload(7, "x")};
  CHECK_FALSE(take_reply(&m, 7, &failed, &error));
  CHECK(error == "message of kind 1 where a reply was expected");
  m = {kResult, "short"};
  CHECK_FALSE(take_reply(&m, 7, &failed, &error));
  CHECK(error == "reply of 5 bytes has no task id");
  uint64_t id = 0;
  m = {kCall, task_payload(uint64_t(1) << 40, "call")};
  CHECK(take_call(&m, &id, &error));
  CHECK(id == uint64_t(1) << 40);
  CHECK(m.payload == "call");
  m = {kResult, task_payload(1, "")};
  CHECK_FALSE(take_call(&m, &id, &error));
  CHECK(take_started({kStarted, task_payload(7, "")}, 7, &error));
  CHECK_FALSE(take_started({kStarted, task_payload(8, "")}, 7, &error));
  CHECK(error == "start of task 8 while task 7 was sent");
  CHECK_FALSE(take_started({kResult, task_payload(7, "")}, 7, &error));
  CHECK(error == "message of kind 2 and 8 bytes where the start of task 7 was expected");
  CHECK(too_large("it", kMaxMarshalledBytes + 1) ==
        "cannot send it: 268435449 bytes marshalled, over the limit of 256 MiB");
}

TEST_CASE("the reader takes several messages from one read, and sees where a stream ends",
          "[pools]") {
  int fds[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  std::string stream = frame(kResult, task_payload(1, "one")) +
                       frame(kError, task_payload(2, std::string(100000, 'e'))) +
                       frame(kResult, task_payload(3, ""));
  const std::string partial = frame(kResult, task_payload(4, "cut short"));
  stream += partial.substr(0, 12);
  std::string error;
  REQUIRE(write_all(fds[1], stream, &error));
  close(fds[1]);
  MessageReader reader(fds[0]);
  Message m;
  bool failed = false;
  REQUIRE(reader.next(&m, &error) == MessageReader::Status::kMessage);
  REQUIRE(take_reply(&m, 1, &failed, &error));
  CHECK(m.payload == "one");
  REQUIRE(reader.next(&m, &error) == MessageReader::Status::kMessage);
  REQUIRE(take_reply(&m, 2, &failed, &error));
  CHECK(m.payload.size() == 100000);
  REQUIRE(reader.next(&m, &error) == MessageReader::Status::kMessage);
  REQUIRE(take_reply(&m, 3, &failed, &error));
  CHECK(reader.next(&m, &error) == MessageReader::Status::kEndOfStream);
  CHECK(error == "end of stream 12 bytes into a message");
  close(fds[0]);

  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  REQUIRE(write_all(fds[1], std::string("GX\1\1\0\0\0\0", 8), &error));
  MessageReader bad(fds[0]);
  CHECK(bad.next(&m, &error) == MessageReader::Status::kMalformed);
  CHECK_THAT(error, StartsWith("malformed frame header: bad magic"));
  close(fds[1]);
  MessageReader clean(fds[0]);
  CHECK(clean.next(&m, &error) == MessageReader::Status::kEndOfStream);
  CHECK(error.empty());
  close(fds[0]);
}

// ---------------------------------------------------------------------------
// Workers that break the protocol

TEST_CASE("a worker that breaks the protocol fails its job, and the next job gets another",
          "[pools]") {
  Interpreter I;
  loop::open_loop_libs(I);
  struct Case {
    const char* what;
    std::string script;
    std::string expected;  // the error's start
  };
  const std::string good_payload = marshal::encode_error_text("x", "");
  const std::vector<Case> cases = {
      {"bad magic",
       "printf '" + printf_format(std::string("XX\1\2\10\0\0\0", 8)) + "' >&3; exec sleep 5",
       "malformed message from worker process "},
      {"a call instead of a reply",
       "printf '" + printf_format(frame(kCall, task_id(1))) + "' >&3; exec sleep 5",
       "malformed message from worker process "},
      {"another task's id",
       "printf '" + printf_format(frame(kResult, task_payload(99, good_payload))) +
           "' >&3; exec sleep 5",
       "malformed message from worker process "},
      {"a reply without an id",
       "printf '" + printf_format(frame(kResult, "abc")) + "' >&3; exec sleep 5",
       "malformed message from worker process "},
      {"an oversized frame",
       "printf '" + printf_format("GV\1\2\377\377\377\377") + "' >&3; exec sleep 5",
       "malformed message from worker process "},
      {"end of stream inside a frame",
       "printf '" + printf_format(frame(kResult, task_payload(1, good_payload)).substr(0, 11)) +
           "' >&3; exit 0",
       "worker process died (exit status 0)"},
      {"an exit without a reply", "exit 7", "worker process died (exit status 7)"},
      {"a start for another task",
       "printf '" + printf_format(frame(kStarted, task_id(99))) + "' >&3; exec sleep 5",
       "malformed message from worker process "},
      // "started" with the call's own id (the 8 bytes after the header,
      // copied back), then an exit: the job was taken, and fails.
      {"an exit after starting the job",
       "printf '" + printf_format(std::string("GV\1\4\10\0\0\0", 8)) +
           "' >&3; dd bs=8 count=1 iflag=fullblock <&3 >&3 2>/dev/null; exit 7",
       "worker process died (exit status 7)"},
      {"a signal", "kill -9 $$", "worker process died (signal 9)"},
      {"a closed socket, still running", "exec 3>&-; exec sleep 30",
       "worker process died (signal 9)"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    make_broken_pool(I, c.script);
    CHECK_THAT(job_outcome(I), StartsWith(c.expected));
    CHECK_THAT(job_outcome(I), StartsWith(c.expected));  // a new worker, broken the same way
    CHECK(run(I, "ex:shutdown() return #ex:pids()") == "0");
  }

  // A well-framed reply whose marshal message is garbage fails when it is read.
  make_broken_pool(I, "printf '" +
                          printf_format(frame(kStarted, task_id(1)) +
                                        frame(kResult, task_payload(1, "\x1bGM\1\1\xff"))) +
                          "' >&3; exec sleep 5");
  CHECK_THAT(job_outcome(I), Contains("malformed message: unknown value tag 255"));
  run(I, "ex:shutdown()");

  // A worker program that cannot be started.
  WorkerCommand missing;
  missing.program = "/nonexistent/gilvm";
  ThreadState& L = I.main_thread();
  push_process_pool(L, 1, missing);
  I.set_field(I.globals, "ex", L.top[-1]);
  L.top--;
  CHECK(job_outcome(I) == "cannot start a worker process: posix_spawn: No such file or directory");
  run(I, "ex:shutdown()");
  thread_join_all(L);
}

TEST_CASE("mutated reply streams are messages or clean errors", "[fuzz]") {
  Interpreter sender, receiver;
  ThreadState& S = sender.main_thread();
  ThreadState& R = receiver.main_thread();
  // Replies as workers send them: results and errors.
  std::vector<std::string> payloads;
  for (const char* code : {"return 1, 'two', {3, x = {4}}", "return function(a) return a end",
                           "local t = {} t.t = t return t, t, math.sqrt"}) {
    std::string error;
    LClosure* f = sender.load(code, "=fuzz", "t", &error);
    REQUIRE(f != nullptr);
    Value* base = S.top;
    S.push(Value::lclosure(f));
    REQUIRE(S.pcall(base, kMultRet));
    payloads.push_back(marshal::encode(S, base, int(S.top - base), "result"));
    S.top = base;
  }
  payloads.push_back(
      marshal::encode_error(S, Value::string(sender.intern("boom")), "stack traceback:\n\t?"));
  std::string original;
  for (size_t i = 0; i < payloads.size(); i++)
    original += frame(i % 2 ? kError : kResult, task_payload(i + 1, payloads[i]));

  std::mt19937_64 rng(20251122);
  auto pick = [&](size_t n) { return size_t(rng() % n); };
  int messages = 0, refused = 0, decoded = 0;
  for (int round = 0; round < 20000; round++) {
    std::string stream = original;
    for (size_t k = 1 + pick(4); k > 0; k--) {
      switch (pick(4)) {
        case 0: stream[pick(stream.size())] ^= char(1 << pick(8)); break;
        case 1: stream[pick(stream.size())] = char(rng()); break;
        case 2: stream.erase(pick(stream.size()), 1 + pick(8)); break;
        default: stream.insert(pick(stream.size()), 1 + pick(4), char(rng())); break;
      }
      if (stream.empty()) stream = "G";
    }
    FrameDecoder decoder(1 << 16);
    uint64_t expected_id = 1;
    size_t at = 0;
    bool broken = false;
    while (at < stream.size() && !broken) {
      const size_t chunk = std::min(stream.size() - at, 1 + pick(64));
      decoder.feed(std::string_view(stream).substr(at, chunk));
      at += chunk;
      Message m;
      for (;;) {
        const FrameDecoder::Status status = decoder.next(&m);
        if (status == FrameDecoder::Status::kNeedMore) break;
        if (status == FrameDecoder::Status::kMalformed) {
          CHECK_THAT(decoder.error(), StartsWith("malformed frame header: "));
          broken = true;
          refused++;
          break;
        }
        messages++;
        bool failed = false;
        std::string error;
        if (!take_reply(&m, expected_id++, &failed, &error)) {
          broken = true;  // the runner would kill the worker here
          refused++;
          break;
        }
        // What the reader of the future does with it, under a pcall.
        Value* base = R.top;
        R.push(Value::native(
            [](ThreadState& L) { return marshal::decode(L, L.check_string(1)->view()); }));
        R.push(Value::string(receiver.new_string(m.payload)));
        if (R.pcall(base, kMultRet)) {
          decoded++;
        } else {
          const std::string why(R.to_display_string(*base)->view());
          if (why.rfind("malformed message: ", 0) != 0) FAIL("unexpected error: " << why);
        }
        R.top = base;
      }
    }
    if (round % 2000 == 0) receiver.collect_garbage(R);
  }
  INFO("messages " << messages << ", refused " << refused << ", decoded " << decoded);
  CHECK(messages > 20000);
  CHECK(refused > 5000);
  CHECK(decoded > 1000);
}

// ---------------------------------------------------------------------------
// Subinterpreters

TEST_CASE("subinterpreters are made, run jobs, and are torn down", "[pools]") {
  Interpreter I;
  loop::open_loop_libs(I);
  for (int round = 0; round < 3; round++) {
    CHECK(run(I, R"(
      local ex = executor.interpreters(3)
      local t = {}
      for i = 1, 30 do
        t[i] = ex:submit(function(n)
          local parts = {}
          for j = 1, n do parts[j] = string.rep("x", j) end
          local co = coroutine.wrap(function() coroutine.yield(#table.concat(parts)) end)
          return co()
        end, i)
      end
      local sum = 0
      for i = 1, 30 do sum = sum + t[i]:result() end
      ex:shutdown()
      return sum
    )") == "4960");
  }
  // Jobs that start threads and pools of their own in the subinterpreter:
  // shutdown waits for them before the subinterpreter goes.
  CHECK(run(I, R"(
    local ex = executor.interpreters(1)
    local r = ex:submit(function()
      thread.spawn(function() thread.sleep(0.05) end)
      local inner = executor.threads(2)
      inner:submit(function() thread.sleep(0.05) end)
      return "started"
    end):result()
    ex:shutdown()
    return r
  )") == "started");
  thread_join_all(I.main_thread());
}
