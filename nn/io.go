package nn

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"unsafe"

	"github.com/thermoai/thermo/kernel"
	"github.com/thermoai/thermo/output"
)

// A network is saved as a directory: manifest.json says its shape, and
// every tensor is a C-order .npy file, a weight of shape (out, in) as
// PyTorch's nn.Linear keeps it and a bias of shape (out,). For example:
//
//	{
//	  "format": "thermo-mlp", "version": 1, "dtype": "float32",
//	  "dim": 2, "head": "score", "time": {"raw": true, "frequencies": 0},
//	  "layers": [
//	    {"in": 3, "out": 64, "activation": "silu", "weight": "layer0.weight.npy", "bias": "layer0.bias.npy"},
//	    {"in": 64, "out": 2, "activation": "identity", "weight": "layer1.weight.npy", "bias": "layer1.bias.npy"}
//	  ]
//	}

// ManifestName is the name of the manifest in a weights directory.
const ManifestName = "manifest.json"

const (
	manifestFormat  = "thermo-mlp"
	manifestVersion = 1
)

// Manifest is the contents of manifest.json.
type Manifest struct {
	Format  string          `json:"format"`
	Version int             `json:"version"`
	DType   string          `json:"dtype"`
	Dim     int             `json:"dim"`
	Head    string          `json:"head"`
	Time    Time            `json:"time"`
	Layers  []LayerManifest `json:"layers"`
}

// LayerManifest describes one layer and names its tensors' files.
type LayerManifest struct {
	In         int        `json:"in"`
	Out        int        `json:"out"`
	Activation Activation `json:"activation"`
	Weight     string     `json:"weight"`
	Bias       string     `json:"bias"`
}

func dtypeOf[F kernel.Float]() string {
	var z F
	if unsafe.Sizeof(z) == 4 {
		return "float32"
	}
	return "float64"
}

// Save writes m to the directory dir, creating it if need be: one .npy
// file per tensor, then the manifest, each atomically.
func Save[F kernel.Float](dir string, m *MLP[F]) error {
	if err := m.Check(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	man := Manifest{Format: manifestFormat, Version: manifestVersion, DType: dtypeOf[F](),
		Dim: m.Dim, Head: m.Head.String(), Time: m.Time}
	for l, layer := range m.Layers {
		lm := LayerManifest{In: layer.In, Out: layer.Out, Activation: layer.Act,
			Weight: fmt.Sprintf("layer%d.weight.npy", l), Bias: fmt.Sprintf("layer%d.bias.npy", l)}
		if err := output.WriteArray(filepath.Join(dir, lm.Weight), []int{layer.Out, layer.In}, layer.W); err != nil {
			return fmt.Errorf("nn: %w", err)
		}
		if err := output.WriteArray(filepath.Join(dir, lm.Bias), []int{layer.Out}, layer.B); err != nil {
			return fmt.Errorf("nn: %w", err)
		}
		man.Layers = append(man.Layers, lm)
	}
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	if err := output.WriteFileAtomic(filepath.Join(dir, ManifestName), append(b, '\n')); err != nil {
		return fmt.Errorf("nn: %w", err)
	}
	return nil
}

// Load reads the network saved in dir. The tensors may be float32 or
// float64 whatever F (float64 read into float32 rounds to nearest). Every
// tensor's shape is checked against the manifest, and a mismatch is an
// error that names the tensor.
func Load[F kernel.Float](dir string) (*MLP[F], error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("nn: %w", err)
	}
	var man Manifest
	if err := json.Unmarshal(b, &man); err != nil {
		return nil, fmt.Errorf("nn: %s: %w", filepath.Join(dir, ManifestName), err)
	}
	if man.Format != manifestFormat {
		return nil, fmt.Errorf("nn: %s: format %q, want %q", filepath.Join(dir, ManifestName), man.Format, manifestFormat)
	}
	if man.Version != manifestVersion {
		return nil, fmt.Errorf("nn: %s: version %d, this build reads version %d", filepath.Join(dir, ManifestName), man.Version, manifestVersion)
	}
	head, err := ParseHead(man.Head)
	if err != nil {
		return nil, err
	}
	if len(man.Layers) == 0 {
		return nil, errors.New("nn: " + filepath.Join(dir, ManifestName) + ": no layers")
	}
	m := &MLP[F]{Dim: man.Dim, Time: man.Time, Head: head}
	for l, lm := range man.Layers {
		if lm.In < 1 || lm.Out < 1 {
			return nil, fmt.Errorf("nn: layer %d: in %d, out %d, want positive sizes", l, lm.In, lm.Out)
		}
		w, err := readTensor[F](dir, lm.Weight, fmt.Sprintf("layer %d weight", l), []int{lm.Out, lm.In})
		if err != nil {
			return nil, err
		}
		bias, err := readTensor[F](dir, lm.Bias, fmt.Sprintf("layer %d bias", l), []int{lm.Out})
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, Layer[F]{In: lm.In, Out: lm.Out, Act: lm.Activation, W: w, B: bias})
	}
	if err := m.Check(); err != nil {
		return nil, fmt.Errorf("%w (in %s)", err, dir)
	}
	return m, nil
}

func readTensor[F kernel.Float](dir, file, name string, want []int) ([]F, error) {
	if file == "" || filepath.Base(file) != file {
		return nil, fmt.Errorf("nn: %s: file %q, want a file name in the weights directory", name, file)
	}
	shape, data, err := output.ReadArray[F](filepath.Join(dir, file))
	if err != nil {
		return nil, fmt.Errorf("nn: %s: %w", name, err)
	}
	if !slices.Equal(shape, want) {
		return nil, fmt.Errorf("nn: %s (%s) has shape %v, want %v", name, file, shape, want)
	}
	return data, nil
}
