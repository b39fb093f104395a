// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <utility>
#include <variant>

namespace histomark::core {

// An error with text fit for the user ("Cannot open slide.svs: Unsupported TIFF compression").
struct Error {
    std::string message;
};

// Value or Error. Functions that can fail on bad input return this instead of throwing, so
// worker threads never throw across a thread boundary.
template <class T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}
    static Result failure(std::string message) { return Result(Error{std::move(message)}); }

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(m_v); }
    const T& value() const { return std::get<T>(m_v); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const std::string& error() const { return std::get<Error>(m_v).message; }

private:
    std::variant<T, Error> m_v;
};

// Result of an operation with no value.
class Status {
public:
    Status() = default;
    Status(Error e) : m_error(std::move(e.message)), m_failed(true) {}
    static Status failure(std::string message) { return Status(Error{std::move(message)}); }
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return m_error; }

private:
    std::string m_error;
    bool m_failed = false;
};

}  // namespace histomark::core
