using Ecolaura.Tf.App;

return Cli.Run(args, Console.Out, Console.Error);
