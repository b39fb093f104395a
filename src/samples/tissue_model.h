// SPDX-License-Identifier: MIT
#pragma once
#include <cstdint>
#include <vector>

namespace histomark::samples {

// What a nucleus (or a nucleus-sized object) is. Mitoses and the look-alikes are the ground truth
// of the demo case.
enum class CellKind : uint8_t { Tumour, Mitosis, Lymphocyte, Apoptotic, MastCell };
enum class MitosisPhase : uint8_t { Prophase, Metaphase, Ring, Anaphase, Telophase };

const char* cellKindName(CellKind k);          // "tumour", "mitosis", "lymphocyte", "apoptotic body", "mast cell"
const char* mitosisPhaseName(MitosisPhase p);  // "prophase", "metaphase", "metaphase ring", ...

// One nucleus of the tissue, in tissue micrometres (the H&E slide's level-0 frame x its mpp).
struct Cell {
    double x = 0, y = 0;          // centre
    float length = 0, width = 0;  // nucleus axes (full lengths)
    float angle = 0;              // long axis, radians
    float density = 0;            // hematoxylin concentration of the nucleus
    uint64_t hash = 0;            // seeds shape and texture details
    CellKind kind = CellKind::Tumour;
    MitosisPhase phase = MitosisPhase::Metaphase;
    bool ki67 = false;      // proliferating: Ki-67 positive nucleus
    bool vacuole = false;   // paranuclear vacuole at one tip (typical of smooth-muscle tumours)
    bool crossCut = false;  // fascicle cut across: a round nucleus with a clear halo
};

struct Vessel {
    double x = 0, y = 0, rx = 0, ry = 0, angle = 0;  // lumen ellipse, µm
    double wall = 0;                                 // wall thickness, µm
    uint64_t hash = 0;
};

struct RectUm {
    double x = 0, y = 0, width = 0, height = 0;
};

// Smoothly varying tissue properties at a point.
struct TissueFields {
    float tissue = 0;          // 0 glass .. 1 tissue
    float lumen = 0;           // 1 inside a vessel lumen
    float wall = 0;            // 1 in a vessel wall
    float cos2 = 1, sin2 = 0;  // fascicle direction as a doubled angle (interpolates without wrap)
    float cross = 0;           // 1 where fascicles are cut across
    float density = 1;         // stromal staining intensity, ~0.8..1.2
};

// The synthetic leiomyosarcoma: an irregular piece of tissue (~65 % of the frame) of intersecting
// fascicles with a few vessels, a mitotic hotspot, and one nucleus-grid cell per ~15 µm whose
// content is a pure function of (seed, cell index). All lengths are micrometres, so the same
// tissue can be painted at any resolution and through any slide transform. Immutable, thread-safe.
class TissueModel {
public:
    static constexpr double kCellUm = 15.0;      // nucleus grid pitch
    static constexpr double kMaxReachUm = 18.0;  // farthest any cell paints from its centre

    TissueModel(uint64_t seed, double widthUm, double heightUm);

    uint64_t seed() const { return m_seed; }
    double widthUm() const { return m_width; }
    double heightUm() const { return m_height; }
    const RectUm& hotspot() const { return m_hotspot; }
    const std::vector<Vessel>& vessels() const { return m_vessels; }

    double tissue(double x, double y) const;
    TissueFields fields(double x, double y) const;
    double fascicleAngle(double x, double y) const;

    // Cells whose centres lie in `r`, in row-major grid order (the fixed order painting relies on,
    // so overlapping nuclei blend identically however a slide is tiled).
    std::vector<Cell> cellsIn(const RectUm& r) const;
    std::vector<Cell> allCells() const { return cellsIn({0, 0, m_width, m_height}); }

private:
    void placeVessels();
    bool cellAt(int64_t i, int64_t j, int k, Cell& out) const;
    void vesselFields(double x, double y, float& lumen, float& wall) const;

    uint64_t m_seed;
    double m_width, m_height;
    double m_harmonics[6][2] = {};  // tissue outline: amplitude, phase for k = 2..7
    double m_baseAngle = 0;
    RectUm m_hotspot;
    std::vector<Vessel> m_vessels;
};

}  // namespace histomark::samples
