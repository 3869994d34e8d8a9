using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Aae.Evaluation;

/// <summary>Class probabilities [N, K] for N samples, and the most probable class of each.</summary>
public sealed record ClassPrediction(float[,] Probabilities, int[] Labels);

/// <summary>
/// A gradient-boosted tree classifier (LightGBM through ML.NET), by default with LightGBM's own
/// hyper-parameters, so results compare with LightGBM used elsewhere (e.g. Python's LGBMClassifier());
/// <see cref="LightGbmSettings"/> changes the main ones.
/// </summary>
/// <remarks>
/// ML.NET's LightGBM trainers do not pass LightGBM's defaults: they pick the learning rate, number of
/// leaves and minimum leaf size from the data size, choose one-vs-all over softmax below 50,000
/// samples, and change a few regularisation settings. We set these back to LightGBM's values:
/// <list type="bullet">
/// <item>learning_rate 0.1 (ML.NET: 0.2 up to 100,000 samples, else 0.25)</item>
/// <item>num_leaves 31 (ML.NET: 20 or 30)</item>
/// <item>min_data_in_leaf 20 (ML.NET multiclass: N / leaves / classes / 10, clamped to 5..50)</item>
/// <item>objective multiclass, i.e. softmax (ML.NET: multiclassova below 50,000 samples)</item>
/// <item>lambda_l2 0 (ML.NET: 0.01)</item>
/// <item>min_sum_hessian_in_leaf 1e-3 (ML.NET: 0.1)</item>
/// <item>binary case: sigmoid 1.0 (ML.NET: 0.5, which changes the binary loss itself)</item>
/// <item>num_iterations 100, max_bin 255, no bagging or feature subsampling, lambda_l1 0,
/// min_gain_to_split 0, no depth limit: ML.NET's defaults already equal LightGBM's; set anyway
/// so they stay put.</item>
/// </list>
/// Two classes use LightGBM's binary objective, as LGBMClassifier does. One difference remains:
/// ML.NET builds the feature bins from at most 65,536 sampled rows where LightGBM samples 200,000,
/// which only matters for larger training sets.
/// Training is deterministic for a given seed and thread count.
/// </remarks>
public sealed class LightGbmClassifier
{
    readonly MLContext context;
    readonly ITransformer model;

    public int ClassCount { get; }
    public int FeatureCount { get; }

    LightGbmClassifier(MLContext context, ITransformer model, int classCount, int featureCount)
    {
        this.context = context;
        this.model = model;
        ClassCount = classCount;
        FeatureCount = featureCount;
    }

    /// <summary>Trains on features [N, D] and labels in 0..classCount-1 (classCount ≥ 2).</summary>
    /// <param name="seed">LightGBM's seed and ML.NET's (which samples the rows that fix the feature bins).</param>
    /// <param name="threads">LightGBM's thread count; results can differ between thread counts.</param>
    /// <param name="settings">Hyper-parameters; LightGBM's defaults when null.</param>
    public static LightGbmClassifier Train(float[,] features, int[] labels, int classCount, int seed = 0, int threads = 1,
        LightGbmSettings? settings = null)
    {
        var p = settings ?? LightGbmSettings.Defaults;
        int n = features.GetLength(0), d = features.GetLength(1);
        if (labels.Length != n) throw new ArgumentException($"{n} feature rows but {labels.Length} labels");
        if (classCount < 2) throw new ArgumentOutOfRangeException(nameof(classCount), "need at least 2 classes");
        if (n == 0) throw new ArgumentException("no training samples");
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        foreach (var label in labels)
            if (label < 0 || label >= classCount)
                throw new ArgumentException($"label {label} out of range 0..{classCount - 1}", nameof(labels));

        var context = new MLContext(seed);
        var data = ToDataView(context, features, labels, classCount);
        var booster = new GradientBooster.Options
        {
            L1Regularization = 0,
            L2Regularization = p.L2,
            MinimumChildWeight = 1e-3,
            MinimumSplitGain = 0,
            MaximumTreeDepth = 0, // LightGBM treats any max_depth <= 0 as "no limit"
            SubsampleFraction = p.BaggingFraction,
            SubsampleFrequency = p.BaggingFraction < 1 ? 1 : 0,
            FeatureFraction = p.FeatureFraction,
        };
        IEstimator<ITransformer> trainer = classCount == 2
            ? context.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = p.Iterations,
                LearningRate = p.LearningRate,
                NumberOfLeaves = p.Leaves,
                MinimumExampleCountPerLeaf = p.MinDataInLeaf,
                MaximumBinCountPerFeature = 255,
                Sigmoid = 1.0,
                Booster = booster,
                Seed = seed,
                NumberOfThreads = threads,
            })
            : context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfIterations = p.Iterations,
                LearningRate = p.LearningRate,
                NumberOfLeaves = p.Leaves,
                MinimumExampleCountPerLeaf = p.MinDataInLeaf,
                MaximumBinCountPerFeature = 255,
                UseSoftmax = true,
                Booster = booster,
                Seed = seed,
                NumberOfThreads = threads,
            });
        return new LightGbmClassifier(context, trainer.Fit(data), classCount, d);
    }

    /// <summary>Probabilities [N, K] (each row sums to 1) and the most probable class of each sample.</summary>
    public ClassPrediction Predict(float[,] features)
    {
        int n = features.GetLength(0);
        if (features.GetLength(1) != FeatureCount)
            throw new ArgumentException($"features have {features.GetLength(1)} columns, the model was trained on {FeatureCount}");
        var scored = model.Transform(ToDataView(context, features, new int[n], ClassCount));
        var probabilities = new float[n, ClassCount];
        if (ClassCount == 2)
        {
            int i = 0;
            foreach (var p in scored.GetColumn<float>("Probability"))
            {
                probabilities[i, 0] = 1 - p;
                probabilities[i, 1] = p;
                i++;
            }
        }
        else
        {
            // Score slot k belongs to key k + 1, i.e. class k.
            int i = 0;
            foreach (var row in scored.GetColumn<float[]>("Score"))
            {
                for (int k = 0; k < ClassCount; k++) probabilities[i, k] = row[k];
                i++;
            }
        }
        return new ClassPrediction(probabilities, ArgMax(probabilities));
    }

    /// <summary>For each row, the column of its largest value (the first one on ties).</summary>
    public static int[] ArgMax(float[,] probabilities)
    {
        int n = probabilities.GetLength(0), classes = probabilities.GetLength(1);
        var best = new int[n];
        for (int i = 0; i < n; i++)
            for (int k = 1; k < classes; k++)
                if (probabilities[i, k] > probabilities[i, best[i]]) best[i] = k;
        return best;
    }

    // One row as ML.NET sees it. The label is typed as a key with K values so the model always has K
    // classes, even when the highest classes are absent from the training labels. Loading from
    // objects, the field holds the 0-based class; ML.NET stores it as key class + 1.
    sealed class MulticlassRow
    {
        public float[] Features = [];
        public uint Label;
    }

    sealed class BinaryRow
    {
        public float[] Features = [];
        public bool Label;
    }

    static IDataView ToDataView(MLContext context, float[,] features, int[] labels, int classCount)
    {
        int n = features.GetLength(0), d = features.GetLength(1);
        var rows = new float[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new float[d];
            Buffer.BlockCopy(features, i * d * sizeof(float), rows[i], 0, d * sizeof(float));
        }
        // The feature vector's size is only known now, so the schema is built here rather than by attributes.
        if (classCount == 2)
        {
            var schema = SchemaDefinition.Create(typeof(BinaryRow));
            schema[nameof(BinaryRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
            return context.Data.LoadFromEnumerable(
                Enumerable.Range(0, n).Select(i => new BinaryRow { Features = rows[i], Label = labels[i] == 1 }).ToArray(), schema);
        }
        else
        {
            var schema = SchemaDefinition.Create(typeof(MulticlassRow));
            schema[nameof(MulticlassRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
            schema[nameof(MulticlassRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
            return context.Data.LoadFromEnumerable(
                Enumerable.Range(0, n).Select(i => new MulticlassRow { Features = rows[i], Label = (uint)labels[i] }).ToArray(), schema);
        }
    }
}
