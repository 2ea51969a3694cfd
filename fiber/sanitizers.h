// sanitizers.h — which sanitizer this translation unit is built with, for the
// code that must tell them about what they cannot see (fiber stack switches,
// the stack pool's poisoning, the free-threaded build's racy-by-design reads):
// GILVM_ASAN under AddressSanitizer, GILVM_TSAN under ThreadSanitizer. GCC
// defines __SANITIZE_*__, Clang answers __has_feature.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define GILVM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GILVM_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define GILVM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GILVM_TSAN 1
#endif
#endif
