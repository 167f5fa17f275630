#include "publish/glpk_environment.h"

#include <glpk.h>

namespace clearpoint::publish {

namespace {

struct ThreadEnvironment {
  ThreadEnvironment() = default;
  ThreadEnvironment(const ThreadEnvironment&) = delete;
  ThreadEnvironment& operator=(const ThreadEnvironment&) = delete;
  // Every problem of the thread is deleted by then (they are owned by objects that do not outlive it).
  ~ThreadEnvironment() { glp_free_env(); }
};

}  // namespace

void use_glpk_on_this_thread() {
  thread_local const ThreadEnvironment environment;
}

}  // namespace clearpoint::publish
