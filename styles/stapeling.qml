<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology">
  <renderer-v2 type="graduatedSymbol" attr="hinderlast" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0" referencescale="-1">
    <ranges>
      <range render="true" symbol="0" lower="0.0" upper="11.2" label="0 – 11.25"/>
      <range render="true" symbol="1" lower="11.2" upper="22.5" label="11.25 – 22.5"/>
      <range render="true" symbol="2" lower="22.5" upper="33.8" label="22.5 – 33.75"/>
      <range render="true" symbol="3" lower="33.8" upper="45.0" label="33.75 – 45"/>
      <range render="true" symbol="4" lower="45.0" upper="1000000000.0" label="meer dan 45"/>
    </ranges>
    <symbols>
    <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleFill" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="color" value="253,231,37,200"/>
          <Option type="QString" name="outline_color" value="253,231,37,255"/>
          <Option type="QString" name="outline_width" value="0.4"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="style" value="solid"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleFill" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="color" value="93,200,99,200"/>
          <Option type="QString" name="outline_color" value="93,200,99,255"/>
          <Option type="QString" name="outline_width" value="0.4"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="style" value="solid"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleFill" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="color" value="33,144,141,200"/>
          <Option type="QString" name="outline_color" value="33,144,141,255"/>
          <Option type="QString" name="outline_width" value="0.4"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="style" value="solid"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleFill" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="color" value="59,82,139,200"/>
          <Option type="QString" name="outline_color" value="59,82,139,255"/>
          <Option type="QString" name="outline_width" value="0.4"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="style" value="solid"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
      <layer class="SimpleFill" enabled="1" pass="0" locked="0">
        <Option type="Map">
          <Option type="QString" name="color" value="68,1,84,200"/>
          <Option type="QString" name="outline_color" value="68,1,84,255"/>
          <Option type="QString" name="outline_width" value="0.4"/>
          <Option type="QString" name="outline_width_unit" value="MM"/>
          <Option type="QString" name="style" value="solid"/>
          <Option type="QString" name="outline_style" value="solid"/>
          <Option type="QString" name="joinstyle" value="bevel"/>
          <Option type="QString" name="offset" value="0,0"/>
          <Option type="QString" name="offset_unit" value="MM"/>
        </Option>
      </layer>
    </symbol>
    </symbols>
    <classificationMethod id="Manual"/>
  </renderer-v2>
  <blendMode>0</blendMode>
  <layerGeometryType>2</layerGeometryType>
</qgis>
