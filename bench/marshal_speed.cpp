// marshal_speed.cpp — how fast values are marshalled (loop/marshal.h):
// encode and decode throughput for tables of about 1 MB, in MB/s of encoded
// message (1 MB = 10^6 bytes), the median of several runs. The values are
// built by a Lua script in one interpreter, encoded there and decoded in a
// second one, as executor.interpreters will do. Times are the thread's CPU
// time (user and system), so that other load on a shared machine does not
// count as ours; on an idle machine they equal wall-clock times.
//
//   build/gil/gilvm_bench_marshal [runs]     (default 15)
//
// Workloads:
//   mixed    a list of integers, floats and distinct strings, a third each
//   records  a list of small tables {id =, name =, score =, tags = {...}}: the
//            repeated keys travel once each and then as references
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "interp/core/api.h"
#include "interp/modules/modules.h"
#include "loop/marshal.h"

using namespace gilvm;

namespace {

struct Workload {
  const char* name;
  const char* source;  // returns the value to send
};

const Workload kWorkloads[] = {
    {"mixed",
     "local t = {}\n"
     "for i = 1, 100000 do\n"
     "  local k = i % 3\n"
     "  if k == 0 then t[i] = 'string value ' .. i\n"
     "  elseif k == 1 then t[i] = i * 7919\n"
     "  else t[i] = i / 7 end\n"
     "end\n"
     "return t\n"},
    {"records",
     "local t = {}\n"
     "for i = 1, 20000 do\n"
     "  t[i] = {id = i, name = 'user' .. i, score = i * 0.25, tags = {'a', 'b'}}\n"
     "end\n"
     "return t\n"},
};

double thread_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 15;
  if (runs < 1) runs = 1;
  Interpreter sender, receiver;
  ThreadState& S = sender.main_thread();
  ThreadState& R = receiver.main_thread();

  std::printf("marshal_speed: median of %d runs (thread CPU time), MB = 10^6 bytes of message\n",
              runs);
  std::printf("%-9s %10s %14s %14s\n", "workload", "message", "encode", "decode");
  for (const Workload& w : kWorkloads) {
    std::string error;
    LClosure* build = sender.load(w.source, std::string("=") + w.name, "t", &error);
    if (!build) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }
    Value* value = S.top;
    S.push(Value::lclosure(build));
    if (!call_with_traceback(S, 0, 1, &error)) {
      std::fprintf(stderr, "%s\n", error.c_str());
      return 1;
    }

    std::vector<double> encode_s, decode_s;
    size_t bytes = 0;
    for (int run = 0; run < runs; run++) {
      double t0 = thread_seconds();
      std::string message = marshal::encode(S, value, 1);
      double t1 = thread_seconds();
      Value* base = R.top;
      marshal::decode(R, message);
      double t2 = thread_seconds();
      R.top = base;
      receiver.collect_garbage(R);
      bytes = message.size();
      encode_s.push_back(t1 - t0);
      decode_s.push_back(t2 - t1);
    }
    double mb = double(bytes) / 1e6;
    std::printf("%-9s %7.2f MB %9.0f MB/s %9.0f MB/s\n", w.name, mb, mb / median(encode_s),
                mb / median(decode_s));
    S.top = value;
  }
  return 0;
}
