// Judging the answer to a `request:` step: its expectations (status, headers,
// JSONPath body checks, body patterns) and its captures. Pure functions over
// an already interpolated step and the response; internal to the runner
// (request_step.cc sends the request). Thread-safe (no shared state).
#ifndef PROOFUP_RUNNER_REQUEST_CHECK_H_
#define PROOFUP_RUNNER_REQUEST_CHECK_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/base/status.h"
#include "harness/http/http.h"
#include "harness/scenario/scenario.h"

namespace proofup::runner {

// `json_text` (a JSON document) with ${...} replaced inside every string
// (keys too), so a value holding quotes stays valid JSON. Errors: the
// interpolation's, kInvalidArgument when `json_text` is not JSON.
StatusOr<std::string> InterpolateJson(const std::string& json_text,
                                      const scenario::VariableLookup& lookup);

// Every expectation of `request` the answer breaks, each in plain words
// ("expected status 200, got 403", `$.ok: expected true, got false`); empty
// when all hold. Without `status` expectations, a status of 400 or more fails.
std::vector<std::string> BrokenExpectations(const scenario::HttpRequest& request,
                                            const http::Response& response);

// The value of one capture: a JSONPath's value (a string as is, anything else
// as JSON text; a wildcard path gives a JSON list) or a pattern's first group.
// Error: kNotFound saying what selected nothing.
StatusOr<std::string> CaptureValue(const scenario::RequestCapture& capture,
                                   const http::Response& response);

// "403 (application/json, 27 bytes)", "302 (no Content-Type, 0 bytes,
// Location: /login)": what came back, for failure messages.
std::string AnswerSummary(const http::Response& response);

// The first `limit` bytes of `body` in quotes, control characters and
// invalid UTF-8 escaped (\n, \t, \xNN), cut at a character boundary, with
// "... (N more bytes)" when cut.
std::string BodyExcerpt(const std::string& body, size_t limit = 300);

// The expectations as one line for the step's "expected" column.
std::string DescribeExpectations(const scenario::HttpRequest& request);

}  // namespace proofup::runner

#endif  // PROOFUP_RUNNER_REQUEST_CHECK_H_
