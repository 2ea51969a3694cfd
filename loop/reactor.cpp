// reactor.cpp — epoll, the timer heap and the mailbox (see reactor.h).
#include "loop/reactor.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace gilvm::loop {

namespace {

// The cookie of the mailbox's eventfd in epoll; descriptors' cookies are the
// loop's, which never uses this one.
constexpr uint64_t kMailboxCookie = ~uint64_t(0);
constexpr int kMaxEventsPerPoll = 256;

bool earlier(const std::pair<Reactor::Timer, uint64_t>& a,
             const std::pair<Reactor::Timer, uint64_t>& b) {
  // std::*_heap keep the largest first: "less" means "fires later".
  if (a.first.deadline_ns != b.first.deadline_ns) return a.first.deadline_ns > b.first.deadline_ns;
  return a.second > b.second;
}

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

Mailbox::Mailbox() : owner_(pthread_self()), eventfd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (eventfd_ < 0) fail("eventfd");
}

Mailbox::~Mailbox() {
  close(eventfd_);
}

bool Mailbox::post(uint64_t message) {
  if (pthread_equal(pthread_self(), owner_)) {
    if (owner_closed_) return false;
    own_.push_back(message);
    return true;
  }
  bool wake;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return false;
    queue_.push_back(message);
    posted_.store(true, std::memory_order_relaxed);
    wake = sleeping_;
    sleeping_ = false;  // one write wakes it; later posters need none
  }
  if (wake) {
    const uint64_t one = 1;
    ssize_t n;
    do n = write(eventfd_, &one, sizeof one);
    while (n < 0 && errno == EINTR);
  }
  return true;
}

Reactor::Reactor()
    : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)), mailbox_(std::make_shared<Mailbox>()) {
  if (epoll_fd_ < 0) fail("epoll_create1");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kMailboxCookie;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, mailbox_->eventfd(), &ev) != 0) fail("epoll_ctl");
}

Reactor::~Reactor() {
  {
    std::lock_guard lock(mailbox_->mutex_);
    mailbox_->closed_ = true;
    mailbox_->queue_.clear();
  }
  mailbox_->owner_closed_ = true;
  mailbox_->own_.clear();
  close(epoll_fd_);
}

void Reactor::add_timer(int64_t deadline_ns, uint64_t cookie) {
  heap_.push_back({{deadline_ns, cookie}, next_sequence_++});
  std::push_heap(heap_.begin(), heap_.end(), earlier);
}

void Reactor::pop_timer() {
  std::pop_heap(heap_.begin(), heap_.end(), earlier);
  heap_.pop_back();
}

void Reactor::drop_timers(const std::function<bool(uint64_t cookie)>& stale) {
  std::erase_if(heap_, [&](const std::pair<Timer, uint64_t>& t) { return stale(t.first.cookie); });
  std::make_heap(heap_.begin(), heap_.end(), earlier);
}

int64_t Reactor::next_deadline_ns() const {
  return heap_.front().first.deadline_ns;
}

bool Reactor::watch(int fd, uint64_t cookie) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = cookie;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void Reactor::unwatch(int fd) {
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
}

bool Reactor::take_messages(Events& out, bool going_to_sleep) {
  bool had = !mailbox_->own_.empty();
  out.messages.insert(out.messages.end(), mailbox_->own_.begin(), mailbox_->own_.end());
  mailbox_->own_.clear();
  // Not going to sleep and nothing posted: no need for the mutex. A post
  // racing with this is seen at the next poll (it will find sleeping_
  // false, so it does not need to wake anyone).
  if (!going_to_sleep && !mailbox_->posted_.load(std::memory_order_relaxed)) return false;
  std::lock_guard lock(mailbox_->mutex_);
  mailbox_->posted_.store(false, std::memory_order_relaxed);
  had = had || !mailbox_->queue_.empty();
  out.messages.insert(out.messages.end(), mailbox_->queue_.begin(), mailbox_->queue_.end());
  mailbox_->queue_.clear();
  mailbox_->sleeping_ = going_to_sleep && !had;
  return mailbox_->sleeping_;
}

void Reactor::wait_epoll(int64_t timeout_ns, int64_t busy_ns, Events& out) {
  epoll_event events[kMaxEventsPerPoll];
  const int64_t start = busy_ns > 0 ? monotonic_ns() : 0;
  const int64_t sleep_ns = timeout_ns < 0 ? -1 : std::max<int64_t>(0, timeout_ns - busy_ns);
  int n = 0;
  if (sleep_ns != 0 || busy_ns <= 0) {  // a wait of zero still asks once
    timespec ts, *tsp = nullptr;
    if (sleep_ns >= 0) {
      ts.tv_sec = time_t(sleep_ns / 1000000000);
      ts.tv_nsec = long(sleep_ns % 1000000000);
      tsp = &ts;
    }
    n = epoll_pwait2(epoll_fd_, events, kMaxEventsPerPoll, tsp, nullptr);
  }
  if (n == 0 && busy_ns > 0) {
    // Busy polling: ask without blocking until something happens or the
    // wait is over (a message from another thread still arrives through the
    // eventfd, since the mailbox believes the loop asleep).
    busy_polls_++;
    const int64_t until = start + timeout_ns;
    const timespec zero{0, 0};
    do n = epoll_pwait2(epoll_fd_, events, kMaxEventsPerPoll, &zero, nullptr);
    while (n == 0 && monotonic_ns() < until);
  }
  for (int i = 0; i < n; i++) {
    if (events[i].data.u64 == kMailboxCookie) {
      uint64_t count;
      while (read(mailbox_->eventfd(), &count, sizeof count) > 0) {
      }
      continue;
    }
    out.ready.push_back({events[i].data.u64, events[i].events});
  }
  // n < 0: EINTR (a signal); the caller looks at what it needs and polls again.
}

void Reactor::collect_due_timers(Events& out) {
  if (heap_.empty()) return;
  const int64_t now = monotonic_ns();
  while (!heap_.empty() && heap_.front().first.deadline_ns <= now) {
    out.timers.push_back(heap_.front().first);
    pop_timer();
  }
}

}  // namespace gilvm::loop
