// Lexical scanning of raw HTML, for the places that look at markup before or
// instead of a parser: the nesting limit before gumbo parses a page, and the
// sanitiser of saved screens.
#pragma once

#include <cstddef>
#include <string_view>

namespace proofup::browser {

// One past the '>' closing the tag that starts at `lt` (html[lt] == '<');
// std::string_view::npos when the tag never ends. A quote opens an attribute
// value only after '=' or a space, as in HTML's tokenizer, so `alt="a>b"`
// cannot end the tag early and smuggle attributes past the sanitiser. Linear,
// no allocation; thread-safe.
size_t HtmlTagEnd(std::string_view html, size_t lt);

}  // namespace proofup::browser
