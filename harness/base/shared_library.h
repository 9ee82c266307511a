// A shared library opened when first needed (dlopen) instead of at process
// start. librsvg (qr) pulls in ~45 libraries (gio, cairo, pango, harfbuzz,
// X11, ICU...) and libcurl (http) ~25 (GnuTLS, krb5, LDAP, libssh2...) whose
// loading and constructors cost every proofup start ~9 and ~5 ms of CPU,
// although only an SVG QR code, and only a transport, needs them.
#ifndef PROOFUP_BASE_SHARED_LIBRARY_H_
#define PROOFUP_BASE_SHARED_LIBRARY_H_

#include <string>

#include "harness/base/status.h"

namespace proofup {

class SharedLibrary {
 public:
  // Opens `soname` (e.g. "librsvg-2.so.2") with its dependencies, resolving
  // every symbol now (a missing one fails here, not mid-call). The library
  // stays mapped until the process ends, even after this handle is gone:
  // GLib-based libraries register types that cannot be unloaded.
  // Errors: kUnimplemented "<what> needs <soname>, which cannot be loaded
  // (Debian package <package>): <loader's reason>".
  static StatusOr<SharedLibrary> Open(const std::string& soname, const std::string& package,
                                      const std::string& what);

  SharedLibrary(SharedLibrary&& other) noexcept : handle_(other.handle_) {
    other.handle_ = nullptr;
  }
  SharedLibrary& operator=(SharedLibrary&& other) noexcept;
  SharedLibrary(const SharedLibrary&) = delete;
  SharedLibrary& operator=(const SharedLibrary&) = delete;
  ~SharedLibrary();

  // The address of `name` in the library or in one of its dependencies;
  // nullptr when there is none. Thread-safe.
  void* Symbol(const char* name) const;

  // Binds `function` to the symbol `name` (cast to its type); false when missing.
  template <typename F>
  bool Bind(const char* name, F*& function) const {
    function = reinterpret_cast<F*>(Symbol(name));
    return function != nullptr;
  }

 private:
  explicit SharedLibrary(void* handle) : handle_(handle) {}
  void* handle_ = nullptr;
};

}  // namespace proofup

#endif  // PROOFUP_BASE_SHARED_LIBRARY_H_
