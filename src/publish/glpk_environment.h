// GLPK environment: GLPK keeps one environment per thread, made at its first call and never freed by
// itself. A thread that solves LPs says so here first; its environment is then freed when the thread
// ends — the server's worker threads publish releases, and would otherwise leave one behind each.
#pragma once

namespace clearpoint::publish {

// Call before the first GLPK call on a thread (cheap after the first time).
void use_glpk_on_this_thread();

}  // namespace clearpoint::publish
