// coroutine.h — thread states run as coroutines, each on a fiber of its own:
// resume, yield, close, and the task hooks the event loop builds on.
//
// A coroutine is a ThreadState made by Interpreter::new_coroutine. Its first
// resume gives it a slot from the fiber stack pool (fiber/stack_pool.h): a C
// stack for its fiber, and beside it the Lua call frames and value stack.
// Because the fiber keeps every C frame, a coroutine may yield from anywhere:
// inside pcall, a metamethod, an iterator, a native that called back into
// Lua. Values cross a switch on the stacks, as in Lua: resume moves its
// arguments to the top of the coroutine's stack, yield leaves its values on
// top for the resumer to take.
//
// Tasks. The event loop (loop/) runs each task as a coroutine marked as a
// task. suspend_task() suspends the innermost task the running code belongs
// to — from the task's own code, or from inside plain coroutines it resumed,
// which pass the suspension outward one level at a time and carry on when
// the task is resumed. A plain coroutine.yield never leaves its coroutine.
#pragma once

#include "interp/core/state.h"

namespace gilvm {

enum class ResumeResult {
  kYielded,   // the coroutine yielded; its values are on the resumer's stack
  kReturned,  // it returned; its results are on the resumer's stack; it is dead
  kFailed,    // it raised an error (or could not be resumed): the error value is on the stack
  kAwaiting,  // a task suspended itself (suspend_task); nothing is on the stack
};

// Resumes coroutine `co` from L (the running state) with the nargs values on
// top of L's stack, and returns when it yields, returns, fails or (a task)
// awaits. The values it hands back replace the arguments on L's stack; their
// number goes to *nresults. Errors about the resume itself ("cannot resume
// dead coroutine") are reported as kFailed with a message, as lua_resume does.
ResumeResult resume(ThreadState& L, ThreadState& co, int nargs, int* nresults);

// Gives coroutine `co`, which has not run yet, its stacks now, and moves the
// nargs values on top of L's stack onto them: the arguments of its first
// resume, which then passes none.
void preload(ThreadState& L, ThreadState& co, int nargs);
// Whether coroutine `co` has begun to run.
bool started(const ThreadState& co);

// Suspends the running coroutine L (called by a native running in it) with
// its nresults top values for the resumer. Returns the number of values the
// next resume passed, now on top of L's stack. Raises "attempt to yield from
// outside a coroutine" when L is not a coroutine (or is a task).
int yield(ThreadState& L, int nresults);

// Whether L may yield: a coroutine that is not a task and is not running its
// to-be-closed variables for coroutine.close. As in Lua, a coroutine not yet
// started or dead counts as yieldable; a native in between does not matter.
bool yieldable(const ThreadState& L);

// Closes coroutine `co`, as coroutine.close: its frames are unwound, its
// pending to-be-closed variables closed, and it is dead. Returns false with
// the error value on L's stack if closing raised one (or the coroutine had
// died of one), true otherwise. Raises Lua's error ("cannot close a running
// coroutine") unless co is suspended or dead, which it checks and claims in
// one step, as resume does: one of two threads closing or resuming it at
// once gets the error.
bool close(ThreadState& L, ThreadState& co);

// Where a thread state is, as seen from the running state L.
const char* status_name(const ThreadState& L, const ThreadState& co);

// --- tasks (loop/) ---

// Marks a new coroutine as a task, with the loop's record of it (returned by
// task_record): suspend_task() stops at it, only resume_task() resumes it.
void make_task(ThreadState& co, void* record);
// The innermost task the running state belongs to, or nullptr.
ThreadState* current_task(ThreadState& L);
// Suspends the current task (see above) until resume_task resumes it.
// Raises "await outside a task" when L is not running inside a task.
void suspend_task(ThreadState& L);
// Starts or continues task `task` from the loop's own state L, with nargs
// arguments on L's stack for its first run (none later).
ResumeResult resume_task(ThreadState& L, ThreadState& task, int nargs, int* nresults);

// Frees a started coroutine's fiber and memory (the collector, through
// ~ThreadState); a suspended fiber's C++ frames are unwound first, but its
// to-be-closed variables are not closed, as in Lua.
void destroy_coroutine(ThreadState& co);

}  // namespace gilvm
