#include "harness/base/shared_library.h"

#include <dlfcn.h>

namespace proofup {

StatusOr<SharedLibrary> SharedLibrary::Open(const std::string& soname, const std::string& package,
                                            const std::string& what) {
  // RTLD_LOCAL: its symbols do not leak into later lookups of the process;
  // RTLD_NODELETE: see the header (types registered with GLib stay valid).
  void* handle = ::dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (handle == nullptr) {
    const char* reason = ::dlerror();
    return Status::Unimplemented(what + " needs " + soname +
                                 ", which cannot be loaded (Debian package " + package +
                                 "): " + (reason != nullptr ? reason : "unknown reason"));
  }
  return SharedLibrary(handle);
}

SharedLibrary& SharedLibrary::operator=(SharedLibrary&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) ::dlclose(handle_);
    handle_ = other.handle_;
    other.handle_ = nullptr;
  }
  return *this;
}

SharedLibrary::~SharedLibrary() {
  if (handle_ != nullptr) ::dlclose(handle_);
}

void* SharedLibrary::Symbol(const char* name) const {
  return handle_ == nullptr ? nullptr : ::dlsym(handle_, name);
}

}  // namespace proofup
