/** A required picker of one version number (`v1`, `v2`, …), empty until the user chooses. */
export function VersionSelect(props: {
  value: string;
  onChange: (value: string) => void;
  versions: readonly { version: number }[];
  testId: string;
}) {
  return (
    <select
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      required
      data-testid={props.testId}
    >
      <option value="">—</option>
      {props.versions.map((v) => (
        <option key={v.version} value={v.version}>
          v{v.version}
        </option>
      ))}
    </select>
  );
}
