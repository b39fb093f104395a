// SPDX-License-Identifier: MIT
#pragma once
#include <string>
#include <string_view>

#include "core/result.h"

namespace histomark::render {

// A linked GLSL program. GL thread only.
class ShaderProgram {
public:
    ShaderProgram() = default;
    ~ShaderProgram();
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;

    // Compiles and links; the error carries the driver's log.
    core::Status build(std::string_view vertexSource, std::string_view fragmentSource);
    void use() const;
    int uniform(const char* name) const;
    unsigned id() const { return m_id; }

private:
    unsigned m_id = 0;
};

// Shader sources compiled into the binary from shaders/ (empty view when unknown).
std::string_view shaderSource(std::string_view fileName);

}  // namespace histomark::render
