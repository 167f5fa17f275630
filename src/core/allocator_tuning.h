// Allocator tuning: clearpoint asks glibc's malloc to keep the memory a run has touched and to back it
// with transparent huge pages.
//
// Linking a million records builds, sorts and frees vectors of about 3 GB stage after stage. With glibc's
// defaults each large vector is a fresh mmap, handed back to the kernel when freed and faulted in again,
// 4 KiB page after 4 KiB page, for the next one; where the kernel grants huge pages only on request
// (transparent_hugepage=madvise, as on the project's machines) every page is a fault of its own. Kept in
// the heap and in huge pages, `clearpoint link` on a million records took 37–54 s (median 45 s of 7 runs)
// instead of 54–68 s (median 56 s of 5, interleaved), the kernel's share 4.5–6.9 s instead of 12.5–16.7 s;
// the same persons, peak memory 3.19 GB instead of 2.95 GB. glibc reads its tunables only when a program
// starts, so clearpoint starts itself once more with them (the same process id and arguments) — unless
// GLIBC_TUNABLES is set, which is then the user's choice and left alone: `GLIBC_TUNABLES= clearpoint …`
// runs with glibc's defaults.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clearpoint::core {

// Huge pages for the heap, no mmap for large blocks (they come from the heap and return to it), and no
// trimming of the heap's top back to the kernel.
inline constexpr std::string_view kAllocatorTunables =
    "glibc.malloc.hugetlb=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736";

// The GLIBC_TUNABLES value to start again with, given the current one (nullptr when it is unset); none
// when it is set, to whatever value.
std::optional<std::string> allocator_tunables_to_set(const char* current);

// Starts /proc/self/exe again with `argv` and kAllocatorTunables when allocator_tunables_to_set says so.
// Returns only when it does not (or cannot: the program then goes on with glibc's defaults).
void restart_with_allocator_tunables(char** argv);

}  // namespace clearpoint::core
