// embed/policy.h — a host's GilPolicy (include/gilvm/policy.h) as the
// gil::Policy the GIL runs: the adapter, and installing a policy.
#pragma once

#include <memory>

#include "gil/gil.h"
#include "gilvm/policy.h"

namespace gilvm::embed::detail {

struct Core;

// The host's policy behind gil::Policy's interface: each call passes on,
// with the gil::Thread as a PolicyThread.
std::unique_ptr<gil::Policy> adapt_policy(std::unique_ptr<GilPolicy> policy);

// Replaces the interpreter's GIL policy, from its only thread; Error otherwise.
void install_policy(Core& core, std::unique_ptr<gil::Policy> policy);

}  // namespace gilvm::embed::detail
